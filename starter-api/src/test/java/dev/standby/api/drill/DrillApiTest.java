package dev.standby.api.drill;

import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import dev.standby.api.InProcessTemporal;
import dev.standby.model.drill.DrillProgress;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.StepAcknowledgement;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.drill.DrillWorkflow;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.temporal.workflow.Workflow;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** POST /drills starts drill/<service> with the caller as requester; bad bodies are refused before anything starts. */
@ExtendWith(DropwizardExtensionsSupport.class)
class DrillApiTest {
  static final List<DrillRequest> started = new CopyOnWriteArrayList<>();

  /** Stands in for the drill: remembers its input and runs until the test is over. */
  public static class WaitingDrill implements DrillWorkflow {
    @Override
    public DrillResult drill(DrillRequest request) {
      started.add(request);
      Workflow.await(() -> false);
      return null;
    }

    @Override
    public DrillProgress progress() {
      return null;
    }

    @Override
    public void acknowledge(StepAcknowledgement acknowledgement) {}

    @Override
    public void stop(String reason) {}
  }

  private static final InProcessTemporal temporal =
      InProcessTemporal.start(worker -> worker.registerWorkflowImplementationTypes(WaitingDrill.class));
  private static final ApiTestApp api = ApiTestApp.against(temporal::target);
  static final DropwizardAppExtension<?> app = api.extension();

  /**
   * A first start in a cold JVM loads Temporal's payload and gRPC classes, which on a busy 2-core machine outlasts
   * the test client's read timeout: pay for it here, outside the API calls under test.
   */
  @BeforeAll
  static void warmUp() {
    DrillWorkflow warm = temporal.client().newWorkflowStub(DrillWorkflow.class, io.temporal.client.WorkflowOptions
        .newBuilder().setWorkflowId("drill/warm-up").setTaskQueue(InProcessTemporal.TASK_QUEUE).build());
    io.temporal.client.WorkflowClient.start(warm::drill, DrillRequest.simulated("warm-up"));
  }

  @AfterAll
  static void stopTemporal() {
    temporal.close();
  }

  @Test
  void anOperatorStartsAChaosDrillAndASecondOneIsRefused() {
    Response response = api.post("/drills", """
        {"service":"payments","type":"CHAOS","fault":"ADD_LATENCY","latencyMillis":3000,"maxErrorRate":0.5,
         "errorWindowMillis":2000,"objectives":{"rtoTier":"tier-1"}}""");

    assertThat(response.getStatus()).isEqualTo(202);
    JsonNode run = json(response);
    assertThat(run.path("workflowId").asText()).isEqualTo("drill/payments");
    DrillRequest request = awaitStarted("payments");
    assertThat(request.fault()).isEqualTo(dev.standby.model.drill.FaultKind.ADD_LATENCY);
    assertThat(request.stop().maxErrorRate()).isEqualTo(0.5);
    assertThat(request.stop().windowMillis()).isEqualTo(2_000);
    assertThat(request.objectives().rtoTier()).isEqualTo("tier-1");
    assertThat(request.requestedBy()).isNotBlank();
    assertThat(temporal.client().newUntypedWorkflowStub("drill/payments").describe().getTypedSearchAttributes()
        .get(StandbySearchAttributes.KIND)).isEqualTo("drill");

    Response again = api.post("/drills", "{\"service\":\"payments\",\"type\":\"SIMULATED\"}");
    assertThat(again.getStatus()).isEqualTo(409);
    assertThat(json(again).path("error").asText()).isEqualTo("a drill of payments is already running");
  }

  @Test
  void badBodiesAreRefusedWithTheFieldThatIsWrong() {
    Response noSteps = api.post("/drills", "{\"service\":\"orders\",\"type\":\"TABLETOP\"}");
    assertThat(noSteps.getStatus()).isEqualTo(422);
    assertThat(json(noSteps).path("error").asText())
        .isEqualTo("drill request: a tabletop drill needs 'steps' (name, owner, estimatedMillis)");

    Response faultOnSimulated = api.post("/drills", "{\"service\":\"orders\",\"type\":\"SIMULATED\",\"fault\":\"KILL_DB\"}");
    assertThat(faultOnSimulated.getStatus()).isEqualTo(422);
    assertThat(json(faultOnSimulated).path("error").asText()).isEqualTo("drill request: 'fault' is for chaos drills only");

    // Refused here with the workflow's words, where the workflow would have failed the run after it started.
    Response unknownTier = api.post("/drills", """
        {"service":"orders","type":"SIMULATED","objectives":{"rtoTier":"tier-9"}}""");
    assertThat(unknownTier.getStatus()).isEqualTo(422);
    assertThat(json(unknownTier).path("error").asText())
        .isEqualTo("drill request: objectives.rtoTier 'tier-9' is not one of [tier-1, tier-2, tier-3, tier-4]");
    Response halfAGuard = api.post("/drills", "{\"service\":\"orders\",\"type\":\"CHAOS\",\"maxErrorRate\":0.5}");
    assertThat(halfAGuard.getStatus()).isEqualTo(422);
    assertThat(json(halfAGuard).path("error").asText())
        .isEqualTo("drill request: stop needs both maxErrorRate and windowMillis");

    Response noType = api.post("/drills", "{\"service\":\"orders\"}");
    assertThat(noType.getStatus()).isEqualTo(422);
    assertThat(json(noType).path("error").asText()).contains("type");

    Response viewer = api.post("/drills", "{\"service\":\"orders\",\"type\":\"SIMULATED\"}", ApiTestApp.VIEWER);
    assertThat(viewer.getStatus()).isEqualTo(403);
    assertThat(started).noneMatch(r -> r.service().equals("orders"));
  }

  private static DrillRequest awaitStarted(String service) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (started.stream().noneMatch(r -> r.service().equals(service)) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return started.stream().filter(r -> r.service().equals(service)).findFirst()
        .orElseThrow(() -> new AssertionError("no drill of " + service + " started"));
  }
}
