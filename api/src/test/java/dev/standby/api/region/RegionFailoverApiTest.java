package dev.standby.api.region;

import static dev.standby.api.ApiTestApp.APPROVER;
import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import dev.standby.model.region.OnServiceFailure;
import dev.standby.model.region.RegionGroup;
import dev.standby.model.region.RegionPlan;
import dev.standby.model.region.RegionServiceOutcome;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A region plan started, watched and approved through the API, on the in-process Temporal. */
@Timeout(120)
class RegionFailoverApiTest {
  /**
   * The mocked services' primary; no other test class starts region plans on the shared Temporal.
   */
  static final String SITE = "site-a";

  @RegisterExtension static final ApiTestApp api = ApiTestApp.shared();

  @BeforeEach
  void healthyLab() {
    api.lab().answerLikeAHealthyLab();
    when(api.lab().regions.plan(SITE))
        .thenReturn(
            new RegionPlan(
                SITE,
                List.of(
                    new RegionGroup(List.of("rg-ledger"), false),
                    new RegionGroup(List.of("rg-payments", "rg-orders"), true)),
                List.of(RegionServiceOutcome.skipped("rg-search", "its primary is site-b")),
                10,
                OnServiceFailure.CONTINUE,
                600_000));
  }

  @Test
  void aPlanWaitsForItsSecondGroupsApprovalThenMovesEveryServiceWithItsRto() {
    Response response =
        api.post(
            "/region-failovers",
            "{\"site\":\"" + SITE + "\",\"reason\":\"site-a is down\",\"mode\":\"PLANNED\"}");
    assertThat(response.getStatus()).isEqualTo(202);
    assertThat(json(response).path("workflowId").asText()).isEqualTo("region/" + SITE);

    JsonNode waiting =
        api.awaitJson(
            "/region-failovers/" + SITE,
            s -> "group-2".equals(s.path("progress").path("waitingForApproval").asText()));
    assertThat(waiting.path("progress").path("services").toString())
        .contains("\"service\":\"rg-ledger\",\"group\":1,\"status\":\"SUCCEEDED\"")
        .contains("\"service\":\"rg-payments\",\"group\":2,\"status\":\"PENDING\"");

    Response approved =
        api.post("/region-failovers/" + SITE + "/approve", "{\"step\":\"group-2\"}", APPROVER);
    assertThat(approved.getStatus()).isEqualTo(202);

    JsonNode done =
        api.awaitJson(
            "/region-failovers/" + SITE, s -> !"RUNNING".equals(s.path("status").asText()));
    assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
    JsonNode result = done.path("result");
    assertThat(result.path("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(result.path("planRtoMillis").asLong()).isPositive();
    assertThat(result.path("services"))
        .hasSize(4)
        .allSatisfy(
            s -> {
              if (s.path("service").asText().equals("rg-search")) {
                assertThat(s.path("status").asText()).isEqualTo("SKIPPED");
              } else {
                assertThat(s.path("status").asText()).isEqualTo("SUCCEEDED");
                assertThat(s.path("targetSite").asText()).isEqualTo("site-b");
                assertThat(s.path("rtoMillis").asLong()).isPositive();
                assertThat(s.path("rpoMillis").asLong()).isZero();
              }
            });
  }

  @Test
  void aPolicyThatIsNoneOfTheWordsIsRefusedAndNothingStarts() {
    Response response =
        api.post("/region-failovers", "{\"site\":\"site-q\",\"onServiceFailure\":\"panic\"}");

    assertThat(response.getStatus()).isEqualTo(422);
    assertThat(json(response).path("error").asText())
        .isEqualTo("onServiceFailure 'panic' is not one of: continue, stop-after-group, stop");
  }

  @Test
  void aPlanWithoutASiteIsRefused() {
    Response response = api.post("/region-failovers", "{\"reason\":\"everything\"}");

    assertThat(response.getStatus()).isEqualTo(422);
    assertThat(json(response).path("error").asText()).contains("site");
  }

  @Test
  void aRejectedGroupAndEveryLaterOneDoNotMove() {
    assertThat(api.post("/region-failovers", "{\"site\":\"" + SITE + "\"}").getStatus())
        .isEqualTo(202);
    api.awaitJson(
        "/region-failovers/" + SITE,
        s -> "group-2".equals(s.path("progress").path("waitingForApproval").asText()));

    Response rejected =
        api.post(
            "/region-failovers/" + SITE + "/reject", "{\"comment\":\"not that far\"}", APPROVER);

    assertThat(rejected.getStatus()).isEqualTo(202);
    JsonNode sent = json(rejected);
    assertThat(sent.path("workflowId").asText()).isEqualTo("region/" + SITE);
    assertThat(sent.path("step").asText()).isEqualTo("group-2");
    assertThat(sent.path("answer").asText()).isEqualTo("reject");
    JsonNode done =
        api.awaitJson(
            "/region-failovers/" + SITE, s -> !"RUNNING".equals(s.path("status").asText()));
    assertThat(done.path("result").path("outcome").asText()).isEqualTo("REJECTED");
    assertThat(done.path("result").path("services").toString())
        .contains("\"service\":\"rg-ledger\",\"group\":1,\"status\":\"SUCCEEDED\"")
        .contains("\"service\":\"rg-payments\",\"group\":2,\"status\":\"NOT_STARTED\"");
  }

  @Test
  void anAbortCancelsTheRunningPlanAndIsAConflictOnceItEndedOrNotFoundWhenNoneRan() {
    JsonNode started =
        json(api.post("/region-failovers", "{\"site\":\"" + SITE + "\",\"reason\":\"abort me\"}"));
    api.awaitJson(
        "/region-failovers/" + SITE,
        s -> "group-2".equals(s.path("progress").path("waitingForApproval").asText()));

    Response aborted = api.post("/region-failovers/" + SITE + "/abort", "");

    assertThat(aborted.getStatus()).isEqualTo(202);
    JsonNode ref = json(aborted);
    assertThat(ref.path("workflowId").asText()).isEqualTo("region/" + SITE);
    assertThat(ref.path("runId").asText()).isEqualTo(started.path("runId").asText());
    assertThat(
            api.awaitJson(
                    "/region-failovers/" + SITE, s -> !"RUNNING".equals(s.path("status").asText()))
                .path("status")
                .asText())
        .isEqualTo("CANCELED");
    Response again = api.post("/region-failovers/" + SITE + "/abort", "");
    assertThat(again.getStatus()).isEqualTo(409);
    assertThat(json(again).path("error").asText())
        .isEqualTo("the region failover of " + SITE + " is not running (CANCELED)");
    Response never = api.post("/region-failovers/site-z/abort", "");
    assertThat(never.getStatus()).isEqualTo(404);
    assertThat(json(never).path("error").asText())
        .isEqualTo("no region failover of site-z has been started (workflow id region/site-z)");
  }
}
