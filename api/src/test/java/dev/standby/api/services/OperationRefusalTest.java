package dev.standby.api.services;

import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import dev.standby.api.TestServices;
import dev.standby.model.service.OperationKind;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One operation per service across kinds: before any start the API reads the service's state, and
 * when another operation holds the service it answers 409 naming that operation, and starts
 * nothing.
 */
class OperationRefusalTest {
  @RegisterExtension static final ApiTestApp api = ApiTestApp.shared();

  /** The service the shipped runbooks act on; freed after each test for the classes after this. */
  private static final String RUNBOOK_SERVICE = "payments";

  @BeforeEach
  void healthyLab() {
    api.lab().answerLikeAHealthyLab();
  }

  @AfterEach
  void freeRunbookService() {
    api.services().free(RUNBOOK_SERVICE);
  }

  @ParameterizedTest(name = "a {0} while a {2} holds the service")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          failover       | /failovers                         | DRILL          | drill/busy-fo
          failback       | /failbacks                         | BACKUP         | backup/busy-fb
          drill          | /drills                            | FAILOVER       | failover/busy-dr
          backup         | /backups                           | RESTORE_VERIFY | restore-verify/busy-bk
          restore        | /restores                          | FAILBACK       | failback/busy-rv
          runbook        | /runbooks/primary-region-outage/runs | DRILL        | drill/payments
          """)
  void aStartWhileAnotherOperationHoldsTheServiceIsRefusedNamingIt(
      String kind, String path, OperationKind holdingKind, String holdingId) {
    String service = holdingId.substring(holdingId.indexOf('/') + 1);
    api.services()
        .hold(TestServices.held(service, holdingKind, holdingId, "run-of-" + service, "alice"));
    String wouldStart = (kind.equals("restore") ? "restore-verify" : kind) + "/" + service;
    String before = runIdOf(wouldStart);

    Response refused = api.post(path, body(kind, service));

    assertThat(refused.getStatus()).isEqualTo(409);
    JsonNode conflict = json(refused);
    assertThat(conflict.path("error").asText())
        .isEqualTo(
            service
                + " is held by the "
                + holdingKind.label()
                + " "
                + holdingId
                + " requested by alice (running since 2023-11-14T22:13:20Z): one operation per"
                + " service at a time, so the "
                + kind
                + " was not started");
    assertThat(conflict.path("service").asText()).isEqualTo(service);
    JsonNode running = conflict.path("running");
    assertThat(running.path("kind").asText()).isEqualTo(holdingKind.label());
    assertThat(running.path("workflowId").asText()).isEqualTo(holdingId);
    assertThat(running.path("runId").asText()).isEqualTo("run-of-" + service);
    assertThat(running.path("requestedBy").asText()).isEqualTo("alice");
    assertThat(running.path("uiUrl").asText())
        .isEqualTo(
            "http://127.0.0.1:8233/namespaces/default/workflows/"
                + holdingId.replace("/", "%2F")
                + "/run-of-"
                + service
                + "/history");
    assertThat(runIdOf(wouldStart)).as("no new run of " + wouldStart).isEqualTo(before);
  }

  @Test
  void anUnplannedFailoverIsLetThroughADrillWhichTheServicePreemptsAPlannedOneIsNot() {
    api.services()
        .hold(
            TestServices.held("preempting", OperationKind.DRILL, "drill/preempting", "r1", "bob"));

    Response planned = api.post("/failovers", failover("preempting", "PLANNED"));
    assertThat(planned.getStatus()).isEqualTo(409);
    assertThat(json(planned).path("running").path("workflowId").asText())
        .isEqualTo("drill/preempting");
    assertThat(runIdOf("failover/preempting")).isNull();

    Response unplanned = api.post("/failovers", failover("preempting", "UNPLANNED"));
    assertThat(unplanned.getStatus()).isEqualTo(202);
    assertThat(json(unplanned).path("workflowId").asText()).isEqualTo("failover/preempting");
    // Ended before the next test re-stubs the shared mocks: a failover still calling them then can
    // take a stub meant for another method (Mockito's stubbing is not safe against concurrent
    // calls), leaving the promotion answering null and the run failing its workflow task for good.
    api.awaitJson("/failovers/preempting", s -> "COMPLETED".equals(s.path("status").asText()));
  }

  @Test
  void aServiceWhoseWorkflowIsNotRunningIsUnavailableAndNothingStarts() {
    api.services().free("stateless");
    api.services().stop("stateless");

    Response refused = api.post("/failovers", failover("stateless", "PLANNED"));

    assertThat(refused.getStatus()).isEqualTo(503);
    assertThat(json(refused).path("error").asText())
        .isEqualTo(
            "the failover of stateless was not started: the state of stateless is not available:"
                + " its workflow service/stateless is not running (TERMINATED). Is the worker"
                + " running? It starts service/<name> for every service of its topology");
    assertThat(runIdOf("failover/stateless")).isNull();
  }

  @Test
  void aMonitorIsNoOperationAndARunOfTheSameIdKeepsTemporalsOwn409() {
    api.lab().holdPromotions();
    api.services().free("same-id");
    JsonNode first = json(api.post("/failovers", failover("same-id", "PLANNED")));
    api.services()
        .hold(
            TestServices.held(
                "same-id",
                OperationKind.FAILOVER,
                "failover/same-id",
                first.path("runId").asText(),
                "test-operator"));

    Response again = api.post("/failovers", failover("same-id", "PLANNED"));

    assertThat(again.getStatus()).isEqualTo(409);
    assertThat(json(again).path("error").asText())
        .isEqualTo("a failover of same-id is already running");
    assertThat(api.post("/monitors", "{\"service\":\"same-id\"}").getStatus()).isEqualTo(202);
    api.lab().openPromoteGate();
    api.awaitJson("/failovers/same-id", s -> "COMPLETED".equals(s.path("status").asText()));
  }

  private static String body(String kind, String service) {
    return switch (kind) {
      case "failover" -> failover(service, "PLANNED");
      case "drill" -> "{\"service\":\"" + service + "\",\"type\":\"SIMULATED\"}";
      case "runbook" -> "{\"reason\":\"collides\"}";
      default -> "{\"service\":\"" + service + "\"}";
    };
  }

  private static String failover(String service, String mode) {
    return "{\"service\":\"" + service + "\",\"targetSite\":\"site-b\",\"mode\":\"" + mode + "\"}";
  }

  /** The newest run under the id, or null when there has never been one. */
  private static String runIdOf(String workflowId) {
    try {
      return api.temporal()
          .client()
          .newUntypedWorkflowStub(workflowId)
          .describe()
          .getExecution()
          .getRunId();
    } catch (WorkflowNotFoundException e) {
      return null;
    }
  }
}
