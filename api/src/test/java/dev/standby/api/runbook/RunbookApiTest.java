package dev.standby.api.runbook;

import static dev.standby.api.ApiTestApp.APPROVER;
import static dev.standby.api.ApiTestApp.OPERATOR;
import static dev.standby.api.ApiTestApp.VIEWER;
import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runbooks through the REST API against Temporal's in-process server, with the shipped runbooks and
 * one broken file beside them; the lab's activities answer like a healthy lab.
 */
class RunbookApiTest {
  private static final Path RUNBOOKS = runbookFolder();

  @RegisterExtension
  static final ApiTestApp api = ApiTestApp.shared(Map.of("runbooks.dir", RUNBOOKS.toString()));

  @BeforeEach
  void healthyLab() {
    api.services().free("payments");
    api.lab().answerLikeAHealthyLab();
  }

  @Test
  void theListSaysWhichRunbooksCanRunAndWhyTheOthersCannot() {
    JsonNode list = json(api.request("/runbooks", VIEWER).get());

    assertThat(list.findValuesAsText("name"))
        .containsExactly(
            "broken", "database-corruption", "planned-migration", "primary-region-outage");
    assertThat(byName(list, "primary-region-outage").path("valid").asBoolean()).isTrue();
    assertThat(byName(list, "primary-region-outage").path("service").asText())
        .isEqualTo("payments");
    assertThat(texts(byName(list, "broken").path("problems")))
        .containsExactly(
            "broken.yaml:22:5: procedure[0].owner: is required",
            "broken.yaml:23:13: procedure[0].action: unknown action 'reboot' (known: failover, failback, verify-health, "
                + "run-checks, backup, restore, notify, manual, approval)",
            "broken.yaml:24:24: procedure[0].estimatedDuration: 'soon' is not a duration (use e.g. 500ms, 30s, 5m, 4h, 1d)",
            "broken.yaml:25:11: procedure[0].site: unknown site 'site-z' for service payments (its sites: site-a, site-b)");
    for (String shipped :
        List.of("database-corruption", "planned-migration", "primary-region-outage")) {
      assertThat(byName(list, shipped).path("valid").asBoolean()).as(shipped).isTrue();
      assertThat(byName(list, shipped).path("problems")).as(shipped).isEmpty();
    }
  }

  @Test
  void anInvalidRunbookIsRefusedWithEveryProblemAndNothingStarts() {
    Response refused = api.post("/runbooks/broken/runs", "{\"reason\":\"drill\"}", OPERATOR);

    assertThat(refused.getStatus()).isEqualTo(422);
    JsonNode body = json(refused);
    assertThat(body.path("error").asText()).isEqualTo("runbook broken cannot run: 4 problems");
    assertThat(body.path("problems")).hasSize(4);
    assertThat(status(api.get("/runbook-runs/broken"))).as("no run under any id").isEqualTo(404);
    assertThat(status(api.post("/runbooks/nowhere/runs", "{}", OPERATOR))).isEqualTo(404);
    assertThat(status(api.post("/runbooks/primary-region-outage/runs", "{}", VIEWER)))
        .isEqualTo(403);
  }

  @Test
  void answersThatCannotBeHonouredAreRefusedByServiceAndAnAbortCancelsTheRun() {
    Response unknown = api.post("/runbook-runs/nobody-runs/abort", "", OPERATOR);
    assertThat(unknown.getStatus()).isEqualTo(404);
    assertThat(json(unknown).path("error").asText())
        .isEqualTo("no runbook of nobody-runs has been started (workflow id runbook/nobody-runs)");
    JsonNode started =
        json(
            api.post("/runbooks/primary-region-outage/runs", "{\"reason\":\"aborted\"}", OPERATOR));
    api.awaitJson(
        "/runbook-runs/payments",
        s ->
            s.path("progress")
                .path("awaitingAcknowledgement")
                .toString()
                .contains("restore-primary-by-hand"));

    Response reject = api.post("/runbook-runs/payments/reject", "{}", APPROVER);
    Response approve =
        api.post("/runbook-runs/payments/approve", "{\"step\":\"final-checks\"}", APPROVER);

    assertThat(reject.getStatus()).isEqualTo(409);
    assertThat(json(reject).path("error").asText())
        .isEqualTo("the runbook of payments is not waiting for approval");
    assertThat(approve.getStatus()).isEqualTo(409);
    assertThat(json(approve).path("error").asText())
        .isEqualTo("the runbook of payments is not waiting for approval");
    assertThat(
            json(api.get("/runbook-runs/payments"))
                .path("progress")
                .path("awaitingAcknowledgement")
                .toString())
        .as("still waiting, for the same step")
        .contains("restore-primary-by-hand");

    Response aborted = api.post("/runbook-runs/payments/abort", "", OPERATOR);
    assertThat(aborted.getStatus()).isEqualTo(202);
    assertThat(json(aborted).path("runId").asText()).isEqualTo(started.path("runId").asText());
    assertThat(
            api.awaitJson(
                    "/runbook-runs/payments", s -> !"RUNNING".equals(s.path("status").asText()))
                .path("status")
                .asText())
        .isEqualTo("CANCELED");
    Response late = api.post("/runbook-runs/payments/approve", "{}", APPROVER);
    assertThat(late.getStatus()).isEqualTo(409);
    assertThat(json(late).path("error").asText())
        .isEqualTo("the runbook of payments is not running (CANCELED): nothing to approve");
  }

  @Test
  void aFailedFirstStepRollsBackAPersonAcknowledgesAndThePostMortemTellsItAll() {
    // A healthy site-a fails "confirm-primary-down": the runbook does not apply, so it rolls back.
    Response started =
        api.post("/runbooks/primary-region-outage/runs", "{\"reason\":\"false alarm\"}", OPERATOR);
    assertThat(started.getStatus()).isEqualTo(202);
    assertThat(json(started).path("workflowId").asText()).isEqualTo("runbook/payments");
    assertThat(status(api.post("/runbooks/primary-region-outage/runs", "{}", OPERATOR)))
        .isEqualTo(409);
    assertThat(status(api.post("/runbook-runs/payments/approve", "{}", APPROVER)))
        .as("no approval waits")
        .isEqualTo(409);
    api.awaitJson(
        "/runbook-runs/payments",
        s ->
            s.path("progress")
                .path("awaitingAcknowledgement")
                .toString()
                .contains("restore-primary-by-hand"));
    assertThat(status(postMortem())).isEqualTo(409);

    Response wrongStep =
        api.post("/runbook-runs/payments/acknowledge", "{\"step\":\"final-checks\"}", OPERATOR);
    Response ack =
        api.post(
            "/runbook-runs/payments/acknowledge",
            "{\"comment\":\"site-a was fine all along\"}",
            OPERATOR);

    assertThat(status(wrongStep)).isEqualTo(409);
    assertThat(ack.getStatus()).isEqualTo(202);
    assertThat(json(ack).path("by").asText()).isEqualTo("test-operator");
    JsonNode done =
        api.awaitJson("/runbook-runs/payments", s -> "COMPLETED".equals(s.path("status").asText()));
    assertThat(done.path("result").path("outcome").asText()).isEqualTo("ROLLED_BACK");
    assertThat(done.path("result").path("failedStep").asText()).isEqualTo("confirm-primary-down");

    Response postMortem = postMortem();
    assertThat(postMortem.getStatus()).isEqualTo(200);
    assertThat(postMortem.getMediaType().toString()).startsWith("text/markdown");
    String markdown = postMortem.readEntity(String.class);
    assertThat(markdown)
        .startsWith("# Post-mortem draft: Primary region outage (payments)")
        .contains(
            "| Requested by | test-operator |",
            "| Reason | false alarm |",
            "| Outcome | **ROLLED_BACK** |")
        .containsPattern(
            "\\| `confirm-primary-down` \\| [0-9-]+ [0-9:.]+ \\| [0-9-]+ [0-9:.]+ \\| [0-9.]+ s \\| FAILED \\| "
                + "site-a is not unhealthy: HTTP 200")
        .containsPattern(
            "\\| `rollback:restore-primary-by-hand` \\| .* \\| COMPLETED \\| acknowledged by test-operator "
                + "\\(site-a was fine all along\\) \\|")
        .containsPattern(
            "\\| [0-9-]+ [0-9:.]+ \\| restore-primary-by-hand \\| acknowledged \\| test-operator \\| "
                + "site-a was fine all along \\|")
        .contains("- [ ] Fail back to site-a once it is repaired")
        .doesNotContain("`final-checks`");
  }

  private static int status(Response response) {
    try (response) {
      return response.getStatus();
    }
  }

  private static Response postMortem() {
    return api.client()
        .target("http://127.0.0.1:" + api.port() + "/runbook-runs/payments/postmortem")
        .request("text/markdown", "application/json")
        .header("Authorization", "Bearer " + VIEWER)
        .get();
  }

  private static JsonNode byName(JsonNode list, String name) {
    for (JsonNode runbook : list) {
      if (runbook.path("name").asText().equals(name)) {
        return runbook;
      }
    }
    throw new AssertionError("no runbook " + name + " in " + list);
  }

  private static List<String> texts(JsonNode array) {
    return Stream.iterate(0, i -> i < array.size(), i -> i + 1)
        .map(i -> array.get(i).asText())
        .toList();
  }

  /** The shipped runbooks plus one with four problems, in a folder of its own. */
  private static Path runbookFolder() {
    try {
      Path dir = Files.createTempDirectory("runbooks");
      try (Stream<Path> shipped = Files.list(Path.of("..", "runbooks"))) {
        for (Path file : shipped.filter(f -> f.toString().endsWith(".yaml")).toList()) {
          Files.copy(file, dir.resolve(file.getFileName()));
        }
      }
      String broken =
          Files.readString(dir.resolve("primary-region-outage.yaml"))
              .replaceFirst("name: primary-region-outage", "name: broken")
              .replaceFirst(
                  "(?s)procedure:\\n.*?\\n  - id: check-standby-ready",
                  """
              procedure:
                - id: confirm-primary-down
                  action: reboot
                  estimatedDuration: soon
                  site: site-z
                - id: check-standby-ready""");
      Files.writeString(dir.resolve("broken.yaml"), broken);
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
