package dev.standby.api.approval;

import static dev.standby.api.ApiTestApp.APPROVER;
import static dev.standby.api.ApiTestApp.OPERATOR;
import static dev.standby.api.ApiTestApp.VIEWER;
import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Approving and rejecting a waiting failover through the REST API, as each role. */
class ApprovalApiTest {
  @RegisterExtension static final ApiTestApp api = ApiTestApp.shared();

  @BeforeEach
  void healthyLab() {
    api.services().free("approved", "refused", "rejected", "conflicts", "no-approval", "bad");
    api.lab().answerLikeAHealthyLab();
  }

  static String failoverWithApproval(String service) {
    return "{\"service\":\""
        + service
        + "\",\"targetSite\":\"site-b\",\"mode\":\"PLANNED\",\"reason\":\"drill\","
        + "\"approval\":{\"levels\":[{\"timeoutSeconds\":600,\"contacts\":[\"U-oncall\"]}],\"onTimeout\":\"ABORT\"}}";
  }

  private JsonNode startAndAwaitApproval(String service) {
    assertThat(status(api.post("/failovers", failoverWithApproval(service)))).isEqualTo(202);
    return api.awaitJson(
        "/failovers/" + service,
        s -> "await-approval".equals(s.path("progress").path("currentStep").asText()));
  }

  @Test
  void anApproverApprovesAndTheHistoryRecordsWhoAndWhich() {
    startAndAwaitApproval("approved");

    Response approved =
        api.post(
            "/failovers/approved/approve",
            "{\"step\":\"promote-target\",\"comment\":\"go\"}",
            APPROVER);

    assertThat(approved.getStatus()).isEqualTo(202);
    JsonNode sent = json(approved);
    assertThat(sent.path("step").asText()).isEqualTo("promote-target");
    assertThat(sent.path("by").asText()).isEqualTo("test-approver");
    assertThat(sent.path("answer").asText()).isEqualTo("approve");
    JsonNode done =
        api.awaitJson("/failovers/approved", s -> !"RUNNING".equals(s.path("status").asText()));
    assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.path("result").path("steps").findValuesAsText("detail"))
        .contains("approved by test-approver (go)");
    String signal = signals("failover/approved").get(0);
    assertThat(signal)
        .contains("\"by\":\"test-approver\"", "\"step\":\"promote-target\"", "\"comment\":\"go\"");
  }

  @Test
  void aViewerOrAnOperatorMayNotApproveAndNothingIsSignalled() {
    startAndAwaitApproval("refused");

    Response byViewer = api.post("/failovers/refused/approve", "{}", VIEWER);
    Response byOperator = api.post("/failovers/refused/approve", "{}", OPERATOR);

    assertThat(byViewer.getStatus()).isEqualTo(403);
    assertThat(json(byViewer).path("error").asText())
        .isEqualTo(
            "'test-viewer' (roles: viewer) may not POST failovers/refused/approve: it needs the approver role");
    assertThat(status(byOperator)).isEqualTo(403);
    assertThat(signals("failover/refused")).isEmpty();
    assertThat(json(api.get("/failovers/refused")).path("status").asText()).isEqualTo("RUNNING");
    api.post("/failovers/refused/abort", "", OPERATOR).close();
  }

  @Test
  void aRejectedFailoverEndsWithoutChangingAnything() {
    startAndAwaitApproval("rejected");

    assertThat(
            status(api.post("/failovers/rejected/reject", "{\"comment\":\"not now\"}", APPROVER)))
        .isEqualTo(202);

    JsonNode done =
        api.awaitJson("/failovers/rejected", s -> !"RUNNING".equals(s.path("status").asText()));
    assertThat(done.path("failure").path("type").asText()).isEqualTo("APPROVAL_REJECTED");
    assertThat(done.path("failure").path("message").asText())
        .contains("rejected by test-approver (not now)");
    verify(api.lab().host, never()).fence(eq("rejected"), anyString());
    verify(api.lab().database, never()).promote(eq("rejected"), anyString());
  }

  @Test
  void anAnswerThatCannotBeHonouredIsAConflictAndSignalsNothing() {
    startAndAwaitApproval("conflicts");

    Response otherStep =
        api.post("/failovers/conflicts/approve", "{\"step\":\"move-traffic\"}", APPROVER);
    Response neverStarted = api.post("/failovers/nothing-here/approve", "{}", APPROVER);

    assertThat(otherStep.getStatus()).isEqualTo(409);
    assertThat(json(otherStep).path("error").asText())
        .isEqualTo(
            "the failover of conflicts waits for approval of promote-target, not move-traffic");
    assertThat(status(neverStarted)).isEqualTo(404);
    assertThat(signals("failover/conflicts")).isEmpty();

    api.post("/failovers/conflicts/approve", "", APPROVER).close();
    api.awaitJson("/failovers/conflicts", s -> "COMPLETED".equals(s.path("status").asText()));
    Response afterwards = api.post("/failovers/conflicts/approve", "{}", APPROVER);
    assertThat(afterwards.getStatus()).isEqualTo(409);
    assertThat(json(afterwards).path("error").asText())
        .isEqualTo("the failover of conflicts is not running (COMPLETED): nothing to approve");
    assertThat(signals("failover/conflicts")).hasSize(1);
  }

  @Test
  void aFailoverWithoutApprovalIsNotWaitingForOne() {
    api.lab().holdPromotions();
    api.post(
            "/failovers",
            "{\"service\":\"no-approval\",\"targetSite\":\"site-b\",\"mode\":\"PLANNED\"}")
        .close();
    api.awaitJson(
        "/failovers/no-approval",
        s -> "promote-target".equals(s.path("progress").path("currentStep").asText()));

    Response response = api.post("/failovers/no-approval/approve", "{}", APPROVER);

    assertThat(response.getStatus()).isEqualTo(409);
    assertThat(json(response).path("error").asText())
        .isEqualTo("the failover of no-approval is not waiting for approval");
    assertThat(signals("failover/no-approval")).isEmpty();
    api.lab().openPromoteGate();
    api.awaitJson("/failovers/no-approval", s -> "COMPLETED".equals(s.path("status").asText()));
  }

  @Test
  void anApprovalRequirementThatMakesNoSenseIsRefused() {
    Response response =
        api.post(
            "/failovers",
            "{\"service\":\"bad\",\"targetSite\":\"site-b\",\"mode\":\"PLANNED\","
                + "\"approval\":{\"levels\":[{\"timeoutSeconds\":0}],\"onTimeout\":\"SHRUG\"}}");

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(json(response).path("error").asText())
        .isEqualTo("approval.onTimeout must be one of KEEP_WAITING, PROCEED, ABORT, not 'SHRUG'");
    Response tooShort =
        api.post(
            "/failovers",
            "{\"service\":\"bad\",\"targetSite\":\"site-b\",\"mode\":\"PLANNED\","
                + "\"approval\":{\"levels\":[{\"timeoutSeconds\":0}]}}");
    assertThat(tooShort.getStatus()).isEqualTo(422);
    assertThat(json(tooShort).path("error").asText())
        .contains("timeoutSeconds must be at least 1 second");
  }

  static int status(Response response) {
    try (response) {
      return response.getStatus();
    }
  }

  /** The inputs of the approve and reject signals in the run's history, as JSON. */
  static List<String> signals(String workflowId) {
    return api.temporal().client().fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .map(HistoryEvent::getWorkflowExecutionSignaledEventAttributes)
        .map(a -> a.getSignalName() + " " + a.getInput().getPayloads(0).getData().toStringUtf8())
        .toList();
  }
}
