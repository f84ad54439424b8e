package dev.standby.api.failback;

import static dev.standby.api.ApiTestApp.APPROVER;
import static dev.standby.api.ApiTestApp.OPERATOR;
import static dev.standby.api.ApiTestApp.VIEWER;
import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.WorkflowExecutionSignaledEventAttributes;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A failback answered and aborted by service ({@code /failbacks/{service}/...}), the real failback
 * workflow over the healthy-lab mocks after a failover to site-b: each answer reaches the workflow
 * as its step-aware signal, and a request that cannot be honoured is refused, names why, and sends
 * nothing.
 */
class FailbackApiTest {
  @RegisterExtension static final ApiTestApp api = ApiTestApp.shared();

  @BeforeEach
  void afterAFailoverToB() {
    api.services()
        .free(
            "fbk-approved",
            "fbk-rejected",
            "fbk-aborted",
            "fbk-other-step",
            "fbk-no-approval",
            "fbk-refusals");
    api.lab().answerLikeAHealthyLab();
    api.lab().failedOverToB();
  }

  /** Waits for approval before its 50% step, then bakes each step for a second. */
  private static String failback(String service) {
    return "{\"service\":\""
        + service
        + "\",\"steps\":[50,100],\"bakeSeconds\":1,\"approvalAt\":[50],"
        + "\"reason\":\"site-a repaired\"}";
  }

  private static void startAndAwaitApproval(String service) {
    start(failback(service));
    api.awaitJson(
        "/runs/failback/" + service,
        s -> "AWAITING_APPROVAL".equals(s.path("progress").path("state").asText()));
  }

  private static void start(String body) {
    try (Response started = api.post("/failbacks", body)) {
      assertThat(started.getStatus()).isEqualTo(202);
    }
  }

  private static JsonNode awaitClosed(String service) {
    return api.awaitJson(
        "/runs/failback/" + service, s -> !"RUNNING".equals(s.path("status").asText()));
  }

  @Test
  void anApproverApprovesTheWaitingStepByServiceAndTheFailbackCompletes() {
    startAndAwaitApproval("fbk-approved");

    Response approved =
        api.post(
            "/failbacks/fbk-approved/approve",
            "{\"step\":\"shift-50%\",\"comment\":\"dashboards look fine\"}",
            APPROVER);

    assertThat(approved.getStatus()).isEqualTo(202);
    JsonNode sent = json(approved);
    assertThat(sent.path("workflowId").asText()).isEqualTo("failback/fbk-approved");
    assertThat(sent.path("step").asText()).isEqualTo("shift-50%");
    assertThat(sent.path("answer").asText()).isEqualTo("approve");
    assertThat(sent.path("by").asText()).isEqualTo("test-approver");
    JsonNode done = awaitClosed("fbk-approved");
    assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.path("result").path("outcome").asText()).isEqualTo("COMPLETED");
    assertThat(signals("failback/fbk-approved"))
        .singleElement()
        .asString()
        .startsWith("approve ")
        .contains(
            "\"step\":\"shift-50%\"",
            "\"by\":\"test-approver\"", "\"comment\":\"dashboards look fine\"");
  }

  @Test
  void aRejectionByServiceEndsTheFailbackAbortedWithTheWeightsBack() {
    startAndAwaitApproval("fbk-rejected");

    Response rejected =
        api.post("/failbacks/fbk-rejected/reject", "{\"comment\":\"not today\"}", APPROVER);

    assertThat(rejected.getStatus()).isEqualTo(202);
    assertThat(json(rejected).path("answer").asText()).isEqualTo("reject");
    JsonNode done = awaitClosed("fbk-rejected");
    assertThat(done.path("result").path("outcome").asText()).isEqualTo("ABORTED");
    assertThat(signals("failback/fbk-rejected"))
        .singleElement()
        .asString()
        .startsWith("reject ")
        .contains("\"step\":\"shift-50%\"", "\"comment\":\"not today\"");
  }

  @Test
  void anOperatorAbortsByServiceWithTheFailbacksAbortSignal() {
    startAndAwaitApproval("fbk-aborted");

    Response aborted = api.post("/failbacks/fbk-aborted/abort", "", OPERATOR);

    assertThat(aborted.getStatus()).isEqualTo(202);
    JsonNode sent = json(aborted);
    assertThat(sent.path("action").asText()).isEqualTo("abort");
    assertThat(sent.path("via").asText()).isEqualTo("signal");
    assertThat(sent.path("by").asText()).isEqualTo("test-operator");
    assertThat(awaitClosed("fbk-aborted").path("result").path("outcome").asText())
        .isEqualTo("ABORTED");
    assertThat(signalNames("failback/fbk-aborted")).containsExactly("abort");
  }

  @Test
  void anAnswerForAStepThatDoesNotWaitIsAConflictSaysWhichWaitsAndSendsNothing() {
    startAndAwaitApproval("fbk-other-step");

    Response byService =
        api.post("/failbacks/fbk-other-step/approve", "{\"step\":\"shift-100%\"}", APPROVER);
    Response byRun =
        api.post("/runs/failback/fbk-other-step/approve", "{\"step\":\"shift-100%\"}", APPROVER);

    assertThat(byService.getStatus()).isEqualTo(409);
    String error = json(byService).path("error").asText();
    assertThat(error)
        .isEqualTo(
            "the failback of fbk-other-step waits for approval of shift-50%, not shift-100%");
    assertThat(byRun.getStatus()).as("the same answer by either URL").isEqualTo(409);
    assertThat(json(byRun).path("error").asText()).isEqualTo(error);
    assertThat(signals("failback/fbk-other-step")).isEmpty();
    assertThat(
            json(api.get("/runs/failback/fbk-other-step")).path("progress").path("state").asText())
        .isEqualTo("AWAITING_APPROVAL");
    abort("fbk-other-step");
  }

  @Test
  void aFailbackThatWaitsForNoApprovalIsNotApprovedAndKeepsGoing() {
    // No approval step, and a bake long enough that the run is still at its first step when the
    // answer comes.
    start("{\"service\":\"fbk-no-approval\",\"steps\":[50,100],\"bakeSeconds\":600}");
    api.awaitJson(
        "/runs/failback/fbk-no-approval",
        s -> "shift-50%".equals(s.path("progress").path("currentStep").asText()));

    Response approve = api.post("/failbacks/fbk-no-approval/approve", "{}", APPROVER);

    assertThat(approve.getStatus()).isEqualTo(409);
    assertThat(json(approve).path("error").asText())
        .isEqualTo("the failback of fbk-no-approval is not waiting for approval");
    assertThat(signals("failback/fbk-no-approval")).isEmpty();
    abort("fbk-no-approval");
  }

  @Test
  void unknownFailbacksClosedOnesAndTheWrongRoleAreClearErrorsThatSendNothing() {
    for (String action : List.of("approve", "reject", "abort")) {
      Response unknown = api.post("/failbacks/fbk-never-started/" + action, "{}", role(action));
      assertThat(unknown.getStatus()).as(action).isEqualTo(404);
      assertThat(json(unknown).path("error").asText())
          .as(action)
          .isEqualTo(
              "no failback of fbk-never-started has been started (workflow id failback/fbk-never-started)");
    }
    startAndAwaitApproval("fbk-refusals");

    assertThat(status(api.post("/failbacks/fbk-refusals/approve", "{}", VIEWER))).isEqualTo(403);
    assertThat(status(api.post("/failbacks/fbk-refusals/approve", "{}", OPERATOR))).isEqualTo(403);
    assertThat(status(api.post("/failbacks/fbk-refusals/abort", "", APPROVER))).isEqualTo(403);
    Response malformed =
        api.post("/failbacks/fbk-refusals/approve", "{\"step\":\"Shift 50\"}", APPROVER);
    assertThat(malformed.getStatus()).isEqualTo(422);
    assertThat(json(malformed).path("error").asText()).contains("must be a step name such as");
    assertThat(signals("failback/fbk-refusals")).isEmpty();

    abort("fbk-refusals");
    Response lateApproval = api.post("/failbacks/fbk-refusals/approve", "{}", APPROVER);
    Response lateAbort = api.post("/failbacks/fbk-refusals/abort", "", OPERATOR);
    assertThat(lateApproval.getStatus()).isEqualTo(409);
    assertThat(json(lateApproval).path("error").asText())
        .isEqualTo("the failback of fbk-refusals is not running (COMPLETED): nothing to approve");
    assertThat(lateAbort.getStatus()).isEqualTo(409);
    assertThat(json(lateAbort).path("error").asText())
        .isEqualTo("the failback of fbk-refusals is not running (COMPLETED): nothing to abort");
    assertThat(signalNames("failback/fbk-refusals")).containsExactly("abort");
  }

  private static String role(String action) {
    return action.equals("abort") ? OPERATOR : APPROVER;
  }

  private static void abort(String service) {
    assertThat(status(api.post("/failbacks/" + service + "/abort", "", OPERATOR))).isEqualTo(202);
    assertThat(awaitClosed(service).path("result").path("outcome").asText()).isEqualTo("ABORTED");
  }

  private static int status(Response response) {
    try (response) {
      return response.getStatus();
    }
  }

  /** The run's signals as "name input-json", in the order the history recorded them. */
  private static List<String> signals(String workflowId) {
    return signalEvents(workflowId).stream()
        .map(
            a ->
                a.getSignalName()
                    + (a.getInput().getPayloadsCount() == 0
                        ? ""
                        : " " + a.getInput().getPayloads(0).getData().toStringUtf8()))
        .toList();
  }

  private static List<String> signalNames(String workflowId) {
    return signalEvents(workflowId).stream()
        .map(WorkflowExecutionSignaledEventAttributes::getSignalName)
        .toList();
  }

  private static List<WorkflowExecutionSignaledEventAttributes> signalEvents(String workflowId) {
    return api.temporal().client().fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .map(e -> e.getWorkflowExecutionSignaledEventAttributes())
        .toList();
  }
}
