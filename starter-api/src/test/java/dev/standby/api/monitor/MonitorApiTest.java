package dev.standby.api.monitor;

import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import dev.standby.api.InProcessTemporal;
import dev.standby.api.LabActivities;
import dev.standby.workflows.StandbySearchAttributes;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.temporal.common.SearchAttributes;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class MonitorApiTest {
  private static final LabActivities lab = new LabActivities();
  private static final InProcessTemporal temporal = InProcessTemporal.start(lab::registerOn);
  private static final ApiTestApp api = ApiTestApp.against(temporal::target);
  static final DropwizardAppExtension<?> app = api.extension();

  @AfterAll
  static void stopTemporal() {
    temporal.close();
  }

  @BeforeEach
  void healthyLab() {
    lab.answerLikeAHealthyLab();
  }

  @Test
  void startsShowsAndStopsAMonitor() {
    Response response = api.post("/monitors", "{\"service\":\"payments\"}");
    assertThat(response.getStatus()).isEqualTo(202);
    assertThat(response.getLocation().getPath()).isEqualTo("/monitors/payments");
    JsonNode started = json(response);
    assertThat(started.path("workflowId").asText()).isEqualTo("monitor/payments");
    assertThat(started.path("uiUrl").asText()).contains("/workflows/monitor%2Fpayments/" + started.path("runId").asText());

    // The topology's 100 ms interval: a few probes in, the state query shows them.
    JsonNode watching = api.awaitJson("/monitors/payments", s -> s.path("state").path("probes").asInt() >= 2);
    assertThat(watching.path("status").asText()).isEqualTo("RUNNING");
    assertThat(watching.path("state").path("site").asText()).isEqualTo("site-a");
    assertThat(watching.path("state").path("consecutiveFailures").asInt()).isZero();
    assertThat(watching.path("state").path("lastReport").path("status").asText()).isEqualTo("ok");
    SearchAttributes attributes = temporal.client().newUntypedWorkflowStub("monitor/payments").describe()
        .getTypedSearchAttributes();
    assertThat(attributes.get(StandbySearchAttributes.SERVICE)).isEqualTo("payments");
    assertThat(attributes.get(StandbySearchAttributes.KIND)).isEqualTo("monitor");

    Response stop = api.delete("/monitors/payments");
    assertThat(stop.getStatus()).isEqualTo(202);
    assertThat(json(stop).path("runId").asText()).isEqualTo(started.path("runId").asText());

    JsonNode stopped = api.awaitJson("/monitors/payments", s -> !"RUNNING".equals(s.path("status").asText()));
    assertThat(stopped.path("status").asText()).isEqualTo("CANCELED");
    assertThat(stopped.path("failure").path("type").asText()).isEqualTo("CANCELED");
    assertThat(stopped.path("closedAt").asText()).isNotBlank();

    Response again = api.delete("/monitors/payments");
    assertThat(again.getStatus()).isEqualTo(409);
    assertThat(json(again).path("error").asText()).isEqualTo("the monitor of payments is not running (CANCELED)");
  }

  @Test
  void aSecondMonitorOfTheSameServiceIsRefused() {
    JsonNode first = json(api.post("/monitors", "{\"service\":\"orders\"}"));

    Response refused = api.post("/monitors", "{\"service\":\"orders\"}");

    assertThat(refused.getStatus()).isEqualTo(409);
    JsonNode conflict = json(refused);
    assertThat(conflict.path("error").asText()).isEqualTo("a monitor of orders is already running");
    assertThat(conflict.path("runId").asText()).isEqualTo(first.path("runId").asText());
    assertThat(api.delete("/monitors/orders").getStatus()).isEqualTo(202);
    api.awaitJson("/monitors/orders", s -> "CANCELED".equals(s.path("status").asText()));
  }

  @Test
  void aServiceWithoutAMonitorIsNotFound() {
    assertThat(api.get("/monitors/unwatched").getStatus()).isEqualTo(404);
    Response stop = api.delete("/monitors/unwatched");
    assertThat(stop.getStatus()).isEqualTo(404);
    assertThat(json(stop).path("error").asText())
        .isEqualTo("no monitor of unwatched has been started (workflow id monitor/unwatched)");
  }
}
