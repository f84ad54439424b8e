package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.api.StandbyApiApplication;
import dev.standby.api.StandbyApiConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * runbooks/primary-region-outage.yaml run for real: the lab's site-a database is killed, the
 * runbook is started through the API, its approval and manual step are answered through the API,
 * the worker fails payments over to site-b, and the post-mortem drafted from the run's history
 * tells who did what and when.
 */
// A whole drive of the lab (failovers, drills, restarts): minutes, not the unit tests' default 120
// s.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RunbookPrimaryRegionOutageIT {
  private static final String OPERATOR = "operator-token-for-e2e-tests";
  private static final String APPROVER = "approver-token-for-e2e-tests";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withWorker("runbook-outage");

  private static DropwizardTestSupport<StandbyApiConfiguration> api;

  @BeforeAll
  static void start() throws Exception {
    // The worker in this JVM: the API, not the worker's process, is what this test is about.
    api =
        new DropwizardTestSupport<>(
            StandbyApiApplication.class,
            ResourceHelpers.resourceFilePath("runbook-e2e-api.yml"),
            ConfigOverride.config("temporal.target", world.get().topology.temporal().target()),
            ConfigOverride.config(
                "runbooks.dir", Path.of("..", "runbooks").toAbsolutePath().normalize().toString()),
            ConfigOverride.config("runbooks.topology", world.get().lab.topologyPath().toString()));
    api.before();
  }

  @AfterAll
  static void stop() throws Exception {
    if (api != null) {
      api.after();
    }
  }

  @Test
  void theOutageRunbookFailsPaymentsOverToSiteBWithPeopleInTheLoopAndDraftsThePostMortem()
      throws Exception {
    world.get().lab.killDatabase("site-a");

    HttpResponse<String> started =
        post(
            "/runbooks/primary-region-outage/runs",
            "{\"reason\":\"site-a database lost\"}",
            OPERATOR);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    assertThat(JSON.readTree(started.body()).path("workflowId").asText())
        .isEqualTo("runbook/payments");

    awaitRun(
        s ->
            "approve-failover"
                .equals(s.path("progress").path("approvals").path("pendingStep").asText()));
    HttpResponse<String> approved =
        post(
            "/runbook-runs/payments/approve",
            "{\"step\":\"approve-failover\",\"comment\":\"site-a confirmed down\"}",
            APPROVER);
    assertThat(approved.statusCode()).as(approved.body()).isEqualTo(202);

    awaitRun(
        s ->
            s.path("progress")
                .path("awaitingAcknowledgement")
                .toString()
                .contains("confirm-payments-flow"));
    HttpResponse<String> acknowledged =
        post(
            "/runbook-runs/payments/acknowledge",
            "{\"step\":\"confirm-payments-flow\",\"comment\":\"orders settle through site-b\"}",
            OPERATOR);
    assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(202);

    JsonNode done = awaitRun(s -> !"RUNNING".equals(s.path("status").asText()));
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
    assertThat(done.path("result").path("outcome").asText())
        .as(done.toString())
        .isEqualTo("COMPLETED");
    assertThat(done.path("result").path("steps").findValuesAsText("status"))
        .hasSize(7)
        .containsOnly("COMPLETED");

    // payments ends on site-b: its database is the primary and the front door is answered by
    // site-b.
    try (Connection siteB = world.get().lab.jdbc("site-b");
        ResultSet r = siteB.createStatement().executeQuery("SELECT pg_is_in_recovery()")) {
      r.next();
      assertThat(r.getBoolean(1)).as("site-b still a replica").isFalse();
    }
    HttpResponse<String> front =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(world.get().lab.frontDoorUrl() + "/health"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(front.headers().firstValue("X-Standby-Site")).contains("site-b");

    HttpResponse<String> postMortem =
        HTTP.send(
            request("/runbook-runs/payments/postmortem", OPERATOR)
                .header("Accept", "text/markdown")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(postMortem.statusCode()).isEqualTo(200);
    String md = postMortem.body();
    Path draft = Path.of("target", "e2e-logs", "runbook-outage-postmortem.md");
    Files.createDirectories(draft.getParent()); // this IT may run before any other writes there
    Files.writeString(draft, md);
    saveHistory();

    assertThat(md)
        .startsWith("# Post-mortem draft: Primary region outage (payments)")
        .contains("| Requested by | e2e-operator |", "| Outcome | **COMPLETED** |");
    for (String step :
        new String[] {
          "confirm-primary-down",
          "check-standby-ready",
          "tell-support",
          "approve-failover",
          "failover-to-site-b",
          "confirm-payments-flow",
          "final-checks"
        }) {
      assertThat(md)
          .containsPattern(
              "\\| `"
                  + step
                  + "` \\| [0-9-]+ [0-9:.]+ \\| [0-9-]+ [0-9:.]+ \\| [0-9.]+ s \\| "
                  + "COMPLETED \\|");
    }
    assertThat(md)
        .containsPattern(
            "\\| `approve-failover` \\| .* \\| approved by e2e-approver \\(site-a confirmed down\\) \\|")
        .containsPattern(
            "\\| [0-9-]+ [0-9:.]+ \\| approve-failover \\| approved \\| e2e-approver \\| site-a confirmed down \\|")
        .containsPattern(
            "\\| [0-9-]+ [0-9:.]+ \\| confirm-payments-flow \\| acknowledged \\| e2e-operator \\| "
                + "orders settle through site-b \\|")
        .containsPattern(
            "\\| `failover-to-site-b` \\| .* UNPLANNED failover to site-b: 20/20 real requests served by it")
        .containsPattern(
            "\\| `failover/payments` \\| Failover \\| [0-9-]+ [0-9:.]+ \\| [0-9-]+ [0-9:.]+ \\| completed \\|")
        .contains("- [ ] Fail back to site-a once it is repaired");
  }

  /**
   * The run's history, for HistoryReplayTest: copied into workflows/src/test/resources/histories by
   * hand.
   */
  private static void saveHistory() throws Exception {
    Path file = Path.of("target", "e2e-histories", "runbook-primary-region-outage.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, world.get().client.fetchHistory("runbook/payments").toJson(true));
  }

  private static JsonNode awaitRun(Predicate<JsonNode> condition) throws Exception {
    // Awaitility's timeout message names the last status it saw (null while the run is not yet
    // found).
    return Awaitility.await("the runbook run gets there")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              HttpResponse<String> r =
                  HTTP.send(
                      request("/runbook-runs/payments", OPERATOR).GET().build(),
                      HttpResponse.BodyHandlers.ofString());
              return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
            },
            last -> last != null && condition.test(last));
  }

  private static HttpResponse<String> post(String path, String body, String token)
      throws Exception {
    return HTTP.send(
        request(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String path, String token) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.getLocalPort() + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token);
  }
}
