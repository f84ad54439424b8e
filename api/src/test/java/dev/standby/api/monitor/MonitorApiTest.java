package dev.standby.api.monitor;

import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import dev.standby.api.SettableService;
import dev.standby.model.monitor.MonitorRequest;
import dev.standby.workflows.monitor.HealthMonitorWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monitor belongs to the service: POST and DELETE /monitors signal watch(true/false) to
 * service/<name>; GET /monitors/{service} shows the latest monitor/<name> run.
 */
class MonitorApiTest {
  @RegisterExtension static final ApiTestApp api = ApiTestApp.shared();

  @BeforeEach
  void healthyLab() {
    api.lab().answerLikeAHealthyLab();
  }

  @Test
  void postAndDeleteMonitorsTurnTheServicesOwnMonitorOnAndOff() {
    api.services().free("watched");

    Response on = api.post("/monitors", "{\"service\":\"watched\"}");

    assertThat(on.getStatus()).isEqualTo(202);
    assertThat(on.getLocation().getPath()).isEqualTo("/monitors/watched");
    JsonNode started = json(on);
    assertThat(started.path("service").asText()).isEqualTo("watched");
    assertThat(started.path("workflowId").asText()).isEqualTo("monitor/watched");
    assertThat(started.path("watching").asBoolean()).isTrue();
    assertThat(started.path("serviceWorkflowId").asText()).isEqualTo("service/watched");
    api.awaitJson("/services/watched", s -> s.path("watching").asBoolean());
    assertThat(SettableService.WATCHES).contains(new SettableService.Watch("watched", true));

    Response off = api.delete("/monitors/watched");

    assertThat(off.getStatus()).isEqualTo(202);
    assertThat(json(off).path("watching").asBoolean()).isFalse();
    api.awaitJson("/services/watched", s -> !s.path("watching").asBoolean());
    assertThat(SettableService.WATCHES)
        .containsSubsequence(
            new SettableService.Watch("watched", true),
            new SettableService.Watch("watched", false));
    assertThat(api.post("/monitors", "{\"service\":\"watched\"}", ApiTestApp.VIEWER).getStatus())
        .isEqualTo(403);
  }

  @Test
  void aMonitorOfAServiceWhoseWorkflowIsNotRunningIsUnavailable() {
    api.services().free("unwatchable");
    api.services().stop("unwatchable");
    int before = SettableService.WATCHES.size();

    Response on = api.post("/monitors", "{\"service\":\"unwatchable\"}");

    assertThat(on.getStatus()).isEqualTo(503);
    assertThat(json(on).path("error").asText())
        .contains("its workflow service/unwatchable is not running (TERMINATED)");
    assertThat(api.delete("/monitors/unwatchable").getStatus()).isEqualTo(503);
    assertThat(SettableService.WATCHES.subList(before, SettableService.WATCHES.size()))
        .noneMatch(w -> w.service().equals("unwatchable"));
  }

  @Test
  void getMonitorsShowsTheLatestMonitorRunTheServiceStarted() {
    WorkflowClient client = api.temporal().client();
    HealthMonitorWorkflow monitor =
        client.newWorkflowStub(
            HealthMonitorWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("monitor/by-service")
                .setTaskQueue("standby")
                .build());
    WorkflowClient.start(monitor::monitor, MonitorRequest.of("by-service"));

    // The topology's 100 ms interval: a few probes in, the state query shows them.
    JsonNode watching =
        api.awaitJson("/monitors/by-service", s -> s.path("state").path("probes").asInt() >= 2);

    assertThat(watching.path("status").asText()).isEqualTo("RUNNING");
    assertThat(watching.path("workflowId").asText()).isEqualTo("monitor/by-service");
    assertThat(watching.path("state").path("site").asText()).isEqualTo("site-a");
    assertThat(watching.path("state").path("lastReport").path("status").asText()).isEqualTo("ok");
    client.newUntypedWorkflowStub("monitor/by-service").cancel();
    api.awaitJson("/monitors/by-service", s -> "CANCELED".equals(s.path("status").asText()));
    assertThat(api.get("/monitors/never-watched").getStatus()).isEqualTo(404);
  }
}
