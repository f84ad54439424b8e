package dev.standby.api.failover;

import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import dev.standby.api.HealthyLabMocks;
import dev.standby.api.InProcessTemporal;
import dev.standby.workflows.StandbySearchAttributes;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.common.SearchAttributes;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FailoverApiTest {
  @RegisterExtension static final ApiTestApp api = ApiTestApp.shared();

  @BeforeEach
  void healthyLab() {
    api.services().free("checkout", "cart", "fo-aborted", HealthyLabMocks.UNKNOWN_SERVICE);
    api.lab().answerLikeAHealthyLab();
  }

  private static String failover(String service, String mode) {
    return "{\"service\":\""
        + service
        + "\",\"targetSite\":\"site-b\",\"mode\":\""
        + mode
        + "\",\"reason\":\"drill\"}";
  }

  private static boolean closed(JsonNode status) {
    return !"RUNNING".equals(status.path("status").asText());
  }

  @Test
  void startsAFailoverAndShowsItsResultAndTimelineOnceDone() {
    Response response = api.post("/failovers", failover("checkout", "PLANNED"));
    assertThat(response.getStatus()).isEqualTo(202);
    assertThat(response.getLocation().getPath()).isEqualTo("/failovers/checkout");
    JsonNode started = json(response);
    String runId = started.path("runId").asText();
    assertThat(started.path("workflowId").asText()).isEqualTo("failover/checkout");
    assertThat(runId).isNotBlank();
    assertThat(started.path("uiUrl").asText())
        .isEqualTo(
            "http://127.0.0.1:8233/namespaces/default/workflows/failover%2Fcheckout/"
                + runId
                + "/history");

    JsonNode status = api.awaitJson("/failovers/checkout", FailoverApiTest::closed);

    assertThat(status.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(status.path("runId").asText()).isEqualTo(runId);
    assertThat(status.path("uiUrl").asText()).isEqualTo(started.path("uiUrl").asText());
    assertThat(status.path("closedAt").asText()).isNotBlank();
    JsonNode result = status.path("result");
    assertThat(result.path("sourceSite").asText()).isEqualTo("site-a");
    assertThat(result.path("targetSite").asText()).isEqualTo("site-b");
    assertThat(result.path("dataLoss").path("zeroLossProven").asBoolean()).isTrue();
    assertThat(names(status.path("progress").path("timeline")))
        .containsExactly(
            "resolve-service",
            "admit",
            "check-target",
            "fence-source",
            "await-replay",
            "promote-target",
            "move-traffic",
            "verify-traffic",
            "reprotect-source");
    assertThat(status.path("progress").path("weights").path("site-b").asInt()).isEqualTo(100);
    assertThat(status.has("failure")).isFalse();

    // What the API handed Temporal: the caller in the input, typed search attributes for the UI.
    WorkflowExecutionDescription described =
        api.temporal().client().newUntypedWorkflowStub("failover/checkout").describe();
    SearchAttributes attributes = described.getTypedSearchAttributes();
    assertThat(attributes.get(StandbySearchAttributes.SERVICE)).isEqualTo("checkout");
    assertThat(attributes.get(StandbySearchAttributes.KIND)).isEqualTo("failover");
    assertThat(attributes.get(StandbySearchAttributes.SITE)).isEqualTo("site-b");
    assertThat(described.getTaskQueue()).isEqualTo(InProcessTemporal.TASK_QUEUE);
    String input =
        api.temporal()
            .client()
            .fetchHistory("failover/checkout")
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getInput()
            .getPayloads(0)
            .getData()
            .toStringUtf8();
    assertThat(input)
        .contains(
            "\"requestedBy\":\"test-operator\"", "\"mode\":\"PLANNED\"", "\"reason\":\"drill\"");
  }

  @Test
  void aSecondFailoverOfTheSameServiceIsRefusedWhileTheFirstRunsAndAllowedAfter() {
    api.lab().holdPromotions();
    JsonNode first = json(api.post("/failovers", failover("cart", "PLANNED")));
    JsonNode running =
        api.awaitJson(
            "/failovers/cart",
            s -> "promote-target".equals(s.path("progress").path("currentStep").asText()));

    Response refused = api.post("/failovers", failover("cart", "UNPLANNED"));

    assertThat(refused.getStatus()).isEqualTo(409);
    JsonNode conflict = json(refused);
    assertThat(conflict.path("error").asText()).isEqualTo("a failover of cart is already running");
    assertThat(conflict.path("workflowId").asText()).isEqualTo("failover/cart");
    assertThat(conflict.path("runId").asText()).isEqualTo(first.path("runId").asText());
    assertThat(conflict.path("uiUrl").asText()).isEqualTo(first.path("uiUrl").asText());
    assertThat(running.path("status").asText()).isEqualTo("RUNNING");
    assertThat(running.has("result")).isFalse();
    assertThat(running.has("closedAt")).as(running.toString()).isFalse();

    api.lab().openPromoteGate();
    JsonNode done = api.awaitJson("/failovers/cart", FailoverApiTest::closed);
    assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.path("runId").asText()).isEqualTo(first.path("runId").asText());
    assertThat(done.path("result").path("mode").asText()).isEqualTo("PLANNED");
    verify(api.lab().topology, times(1)).describeService("cart");

    // Once closed, the id is free again: a failback is a new run of the same workflow id.
    Response again = api.post("/failovers", failover("cart", "PLANNED"));
    assertThat(again.getStatus()).isEqualTo(202);
    assertThat(json(again).path("runId").asText()).isNotEqualTo(first.path("runId").asText());
    api.awaitJson("/failovers/cart", FailoverApiTest::closed);
  }

  @Test
  void anAbortByServiceCancelsTheRunningFailoverAndIsAConflictOnceItHasEnded() {
    // Waiting for an approver: the abort comes before anything has changed.
    JsonNode started =
        json(
            api.post(
                "/failovers",
                "{\"service\":\"fo-aborted\",\"targetSite\":\"site-b\","
                    + "\"mode\":\"PLANNED\",\"approval\":{\"levels\":[{\"timeoutSeconds\":600}]}}"));
    api.awaitJson(
        "/failovers/fo-aborted",
        s -> "await-approval".equals(s.path("progress").path("currentStep").asText()));

    Response aborted = api.post("/failovers/fo-aborted/abort", "");

    assertThat(aborted.getStatus()).isEqualTo(202);
    JsonNode ref = json(aborted);
    assertThat(ref.path("workflowId").asText()).isEqualTo("failover/fo-aborted");
    assertThat(ref.path("runId").asText()).isEqualTo(started.path("runId").asText());
    assertThat(ref.path("uiUrl").asText()).isEqualTo(started.path("uiUrl").asText());
    assertThat(
            api.awaitJson("/failovers/fo-aborted", FailoverApiTest::closed).path("status").asText())
        .isEqualTo("CANCELED");
    verify(api.lab().host, never()).fence(eq("fo-aborted"), anyString());

    Response again = api.post("/failovers/fo-aborted/abort", "");
    assertThat(again.getStatus()).isEqualTo(409);
    assertThat(json(again).path("error").asText())
        .isEqualTo("the failover of fo-aborted is not running (CANCELED)");
    Response unknown = api.post("/failovers/fo-never-started/abort", "");
    assertThat(unknown.getStatus()).isEqualTo(404);
    assertThat(json(unknown).path("error").asText())
        .isEqualTo(
            "no failover of fo-never-started has been started (workflow id failover/fo-never-started)");
  }

  @Test
  void aFailedFailoverShowsTheFailureTypeMessageAndTheStepThatFailed() {
    assertThat(
            api.post("/failovers", failover(HealthyLabMocks.UNKNOWN_SERVICE, "UNPLANNED"))
                .getStatus())
        .isEqualTo(202);

    JsonNode status =
        api.awaitJson("/failovers/" + HealthyLabMocks.UNKNOWN_SERVICE, FailoverApiTest::closed);

    assertThat(status.path("status").asText()).isEqualTo("FAILED");
    assertThat(status.path("failure").path("type").asText()).isEqualTo("UNKNOWN_SERVICE");
    assertThat(status.path("failure").path("message").asText())
        .isEqualTo("no service 'ghost' in the topology");
    assertThat(status.path("failure").path("activity").asText())
        .isEqualTo("TopologyDescribeService");
    assertThat(status.path("progress").path("state").asText()).isEqualTo("FAILED");
    assertThat(status.path("progress").path("timeline").get(0).path("status").asText())
        .isEqualTo("FAILED");
    assertThat(status.has("result")).isFalse();
  }

  @Test
  void aServiceThatNeverFailedOverIsNotFound() {
    Response response = api.get("/failovers/never-moved");

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(json(response).path("error").asText())
        .isEqualTo(
            "no failover of never-moved has been started (workflow id failover/never-moved)");
  }

  @Test
  void theTemporalHealthCheckSeesTheServer() {
    JsonNode health = json(api.admin("/healthcheck"));

    assertThat(health.path("temporal").path("healthy").asBoolean()).isTrue();
    assertThat(health.path("temporal").path("message").asText())
        .isEqualTo("namespace default at " + api.temporal().target() + " is REGISTERED");
  }

  private static List<String> names(JsonNode steps) {
    List<String> names = new ArrayList<>();
    steps.forEach(step -> names.add(step.path("name").asText()));
    return names;
  }
}
