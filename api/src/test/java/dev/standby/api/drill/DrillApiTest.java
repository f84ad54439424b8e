package dev.standby.api.drill;

import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import dev.standby.api.WaitingDrill;
import dev.standby.model.drill.DrillRequest;
import dev.standby.workflows.StandbySearchAttributes;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * POST /drills starts drill/<service> with the caller as requester; bad bodies are refused before
 * anything starts.
 */
class DrillApiTest {
  @RegisterExtension static final ApiTestApp api = ApiTestApp.shared();

  @BeforeEach
  void freeServices() {
    api.services().free("ledger", "invoices", "orders");
  }

  @Test
  void anOperatorStartsAChaosDrillAndASecondOneIsRefused() {
    Response response =
        api.post(
            "/drills",
            """
        {"service":"ledger","type":"CHAOS","fault":"ADD_LATENCY","latencyMillis":3000,"maxErrorRate":0.5,
         "errorWindowMillis":2000,"objectives":{"rtoTier":"tier-1"}}""");

    assertThat(response.getStatus()).isEqualTo(202);
    JsonNode run = json(response);
    assertThat(run.path("workflowId").asText()).isEqualTo("drill/ledger");
    DrillRequest request = awaitStarted("ledger");
    assertThat(request.fault()).isEqualTo(dev.standby.model.drill.FaultKind.ADD_LATENCY);
    assertThat(request.stop().maxErrorRate()).isEqualTo(0.5);
    assertThat(request.stop().windowMillis()).isEqualTo(2_000);
    assertThat(request.objectives().rtoTier()).isEqualTo("tier-1");
    assertThat(request.requestedBy()).isNotBlank();
    assertThat(
            api.temporal()
                .client()
                .newUntypedWorkflowStub("drill/ledger")
                .describe()
                .getTypedSearchAttributes()
                .get(StandbySearchAttributes.KIND))
        .isEqualTo("drill");

    Response again = api.post("/drills", "{\"service\":\"ledger\",\"type\":\"SIMULATED\"}");
    assertThat(again.getStatus()).isEqualTo(409);
    assertThat(json(again).path("error").asText())
        .isEqualTo("a drill of ledger is already running");
  }

  @Test
  void badBodiesAreRefusedWithTheFieldThatIsWrong() {
    Response noSteps = api.post("/drills", "{\"service\":\"invoices\",\"type\":\"TABLETOP\"}");
    assertThat(noSteps.getStatus()).isEqualTo(422);
    assertThat(json(noSteps).path("error").asText())
        .isEqualTo("drill request: a tabletop drill needs 'steps' (name, owner, estimatedMillis)");

    Response faultOnSimulated =
        api.post(
            "/drills", "{\"service\":\"invoices\",\"type\":\"SIMULATED\",\"fault\":\"KILL_DB\"}");
    assertThat(faultOnSimulated.getStatus()).isEqualTo(422);
    assertThat(json(faultOnSimulated).path("error").asText())
        .isEqualTo("drill request: 'fault' is for chaos drills only");

    // Refused here with the workflow's words, where the workflow would have failed the run after it
    // started.
    Response unknownTier =
        api.post(
            "/drills",
            """
        {"service":"orders","type":"SIMULATED","objectives":{"rtoTier":"tier-9"}}""");
    assertThat(unknownTier.getStatus()).isEqualTo(422);
    assertThat(json(unknownTier).path("error").asText())
        .isEqualTo(
            "drill request: objectives.rtoTier 'tier-9' is not one of [tier-1, tier-2, tier-3, tier-4]");
    Response halfAGuard =
        api.post("/drills", "{\"service\":\"orders\",\"type\":\"CHAOS\",\"maxErrorRate\":0.5}");
    assertThat(halfAGuard.getStatus()).isEqualTo(422);
    assertThat(json(halfAGuard).path("error").asText())
        .isEqualTo("drill request: stop needs both maxErrorRate and windowMillis");

    Response noType = api.post("/drills", "{\"service\":\"invoices\"}");
    assertThat(noType.getStatus()).isEqualTo(422);
    assertThat(json(noType).path("error").asText()).contains("type");

    Response viewer =
        api.post("/drills", "{\"service\":\"invoices\",\"type\":\"SIMULATED\"}", ApiTestApp.VIEWER);
    assertThat(viewer.getStatus()).isEqualTo(403);
    assertThat(WaitingDrill.STARTED).noneMatch(r -> r.service().equals("invoices"));
  }

  /** The request the stand-in drill of the service was started with, once it has started. */
  private static DrillRequest awaitStarted(String service) {
    return await("the drill of " + service + " starting")
        .atMost(ApiTestApp.PATIENCE)
        .until(
            () ->
                WaitingDrill.STARTED.stream().filter(r -> r.service().equals(service)).findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }
}
