package dev.standby.api.runs;

import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import io.temporal.api.enums.v1.EventType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failbacks started through the API and steered through the generic {@code /runs/{workflowId}}
 * endpoints: each action reaches the workflow as its signal, and an action a workflow does not take
 * is refused with nothing sent. (Listing needs Temporal's visibility, which the in-memory server
 * lacks: RunsAgainstTheLabIT lists.)
 */
class RunsApiTest {
  @RegisterExtension static final ApiTestApp api = ApiTestApp.shared();

  @BeforeEach
  void afterAFailoverToB() {
    api.services().free("fb-approved", "fb-twice", "fb-steered", "fo-steered", "fb-viewer");
    api.lab().answerLikeAHealthyLab();
    api.lab().failedOverToB();
  }

  private static String failback(String service) {
    return "{\"service\":\""
        + service
        + "\",\"steps\":[50,100],\"bakeSeconds\":1,\"approvalAt\":[50],"
        + "\"reason\":\"site-a repaired\"}";
  }

  private JsonNode startAndAwaitApproval(String service) {
    try (Response started = api.post("/failbacks", failback(service))) {
      assertThat(started.getStatus()).isEqualTo(202);
    }
    return api.awaitJson(
        "/runs/failback/" + service,
        s -> "AWAITING_APPROVAL".equals(s.path("progress").path("state").asText()));
  }

  @Test
  void aFailbackIsStartedDescribedAndApprovedByWorkflowId() {
    JsonNode waiting = startAndAwaitApproval("fb-approved");

    assertThat(waiting.path("kind").asText()).isEqualTo("failback");
    assertThat(waiting.path("service").asText()).isEqualTo("fb-approved");
    assertThat(waiting.path("workflowType").asText()).isEqualTo("Failback");
    assertThat(waiting.path("uiUrl").asText()).contains("/workflows/failback%2Ffb-approved/");
    assertThat(waiting.path("signals"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("abort", "approve", "pause", "reject", "resume");

    JsonNode sent =
        json(
            api.post(
                "/runs/failback/fb-approved/approve",
                "{\"step\":\"shift-50%\"}",
                ApiTestApp.APPROVER));
    assertThat(sent.path("by").asText()).as(sent.toString()).isEqualTo("test-approver");
    JsonNode done =
        api.awaitJson(
            "/runs/failback/fb-approved", s -> !"RUNNING".equals(s.path("status").asText()));

    assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.path("result").path("outcome").asText()).isEqualTo("COMPLETED");
    assertThat(signals("failback/fb-approved"))
        .singleElement()
        .asString()
        .contains("\"step\":\"shift-50%\"", "\"by\":\"test-approver\"");
  }

  @Test
  void aSecondFailbackOfTheSameServiceIsRefusedWhileTheFirstRuns() {
    startAndAwaitApproval("fb-twice");

    try (Response second = api.post("/failbacks", failback("fb-twice"))) {
      assertThat(second.getStatus()).isEqualTo(409);
      assertThat(second.readEntity(JsonNode.class).path("error").asText())
          .isEqualTo("a failback of fb-twice is already running");
    }
    abort("failback/fb-twice");
  }

  @Test
  void pauseResumeAndAbortReachTheFailbackAsItsSignals() {
    startAndAwaitApproval("fb-steered");

    assertThat(json(api.post("/runs/failback/fb-steered/pause", "")).path("via").asText())
        .isEqualTo("signal");
    assertThat(json(api.post("/runs/failback/fb-steered/resume", "")).path("action").asText())
        .isEqualTo("resume");
    JsonNode aborted = json(api.post("/runs/failback/fb-steered/abort", ""));
    JsonNode done =
        api.awaitJson(
            "/runs/failback/fb-steered", s -> !"RUNNING".equals(s.path("status").asText()));

    assertThat(aborted.path("via").asText()).isEqualTo("signal");
    assertThat(done.path("result").path("outcome").asText()).isEqualTo("ABORTED");
    assertThat(signalNames("failback/fb-steered")).containsExactly("pause", "resume", "abort");
  }

  @Test
  void anActionTheWorkflowDoesNotTakeIsRefusedAndNothingIsSent() {
    api.lab().answerLikeAHealthyLab();
    try (Response started =
        api.post(
            "/failovers",
            "{\"service\":\"fo-steered\",\"targetSite\":\"site-b\","
                + "\"mode\":\"PLANNED\",\"approval\":{\"levels\":[{\"timeoutSeconds\":600}]}}")) {
      assertThat(started.getStatus()).isEqualTo(202);
    }
    api.awaitJson(
        "/runs/failover/fo-steered",
        s -> "await-approval".equals(s.path("progress").path("currentStep").asText()));

    try (Response pause = api.post("/runs/failover/fo-steered/pause", "")) {
      assertThat(pause.getStatus()).isEqualTo(409);
      assertThat(pause.readEntity(JsonNode.class).path("error").asText())
          .isEqualTo(
              "the failover of fo-steered cannot be paused: its workflow (Failover) takes only approve, reject");
    }
    try (Response approve =
        api.post(
            "/runs/failover/fo-steered/approve",
            "{\"step\":\"move-traffic\"}",
            ApiTestApp.APPROVER)) {
      assertThat(approve.getStatus()).isEqualTo(409);
      assertThat(approve.readEntity(JsonNode.class).path("error").asText())
          .isEqualTo(
              "the failover of fo-steered waits for approval of promote-target, not move-traffic");
    }
    assertThat(signalNames("failover/fo-steered")).isEmpty();

    JsonNode aborted = json(api.post("/runs/failover/fo-steered/abort", ""));
    assertThat(aborted.path("via").asText()).as("no abort signal: cancelled").isEqualTo("cancel");
    assertThat(
            api.awaitJson(
                    "/runs/failover/fo-steered", s -> !"RUNNING".equals(s.path("status").asText()))
                .path("status")
                .asText())
        .isEqualTo("CANCELED");
  }

  @Test
  void aViewerMayReadButNotActAndUnknownRunsAndClosedRunsAreClearErrors() {
    startAndAwaitApproval("fb-viewer");

    assertThat(status(api.request("/runs/failback/fb-viewer", ApiTestApp.VIEWER).get()))
        .isEqualTo(200);
    try (Response approve = api.post("/runs/failback/fb-viewer/approve", "", ApiTestApp.VIEWER)) {
      assertThat(approve.getStatus()).isEqualTo(403);
    }
    assertThat(status(api.post("/runs/failback/fb-viewer/pause", "", ApiTestApp.VIEWER)))
        .isEqualTo(403);
    assertThat(signals("failback/fb-viewer")).isEmpty();

    try (Response unknown = api.get("/runs/failback/nobody")) {
      assertThat(unknown.getStatus()).isEqualTo(404);
      assertThat(unknown.readEntity(JsonNode.class).path("error").asText())
          .isEqualTo("no failback of nobody has been started (workflow id failback/nobody)");
    }
    abort("failback/fb-viewer");
    try (Response late = api.post("/runs/failback/fb-viewer/resume", "")) {
      assertThat(late.getStatus()).isEqualTo(409);
      assertThat(late.readEntity(JsonNode.class).path("error").asText())
          .isEqualTo("the failback of fb-viewer is not running (COMPLETED): nothing to resume");
    }
    try (Response badStatus = api.get("/runs?status=SLEEPING")) {
      assertThat(badStatus.getStatus()).isEqualTo(400);
      assertThat(badStatus.readEntity(JsonNode.class).path("error").asText())
          .startsWith("status 'SLEEPING' is not one of RUNNING, COMPLETED");
    }
  }

  private void abort(String workflowId) {
    assertThat(status(api.post("/runs/" + workflowId + "/abort", ""))).isEqualTo(202);
    api.awaitJson("/runs/" + workflowId, s -> !"RUNNING".equals(s.path("status").asText()));
  }

  private static int status(Response response) {
    try (response) {
      return response.getStatus();
    }
  }

  private static List<String> signals(String workflowId) {
    return api.temporal().client().fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .map(
            e ->
                e.getWorkflowExecutionSignaledEventAttributes()
                    .getInput()
                    .getPayloads(0)
                    .getData()
                    .toStringUtf8())
        .toList();
  }

  private static List<String> signalNames(String workflowId) {
    return api.temporal().client().fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .map(e -> e.getWorkflowExecutionSignaledEventAttributes().getSignalName())
        .toList();
  }
}
