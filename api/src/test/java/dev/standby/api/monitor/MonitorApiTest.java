package dev.standby.api.monitor;

import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import dev.standby.workflows.StandbySearchAttributes;
import io.temporal.common.SearchAttributes;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MonitorApiTest {
  @RegisterExtension static final ApiTestApp api = ApiTestApp.shared();

  @BeforeEach
  void healthyLab() {
    api.lab().answerLikeAHealthyLab();
  }

  @Test
  void startsShowsAndStopsAMonitor() {
    Response response = api.post("/monitors", "{\"service\":\"watched\"}");
    assertThat(response.getStatus()).isEqualTo(202);
    assertThat(response.getLocation().getPath()).isEqualTo("/monitors/watched");
    JsonNode started = json(response);
    assertThat(started.path("workflowId").asText()).isEqualTo("monitor/watched");
    assertThat(started.path("uiUrl").asText())
        .contains("/workflows/monitor%2Fwatched/" + started.path("runId").asText());

    // The topology's 100 ms interval: a few probes in, the state query shows them.
    JsonNode watching =
        api.awaitJson("/monitors/watched", s -> s.path("state").path("probes").asInt() >= 2);
    assertThat(watching.path("status").asText()).isEqualTo("RUNNING");
    assertThat(watching.path("state").path("site").asText()).isEqualTo("site-a");
    assertThat(watching.path("state").path("consecutiveFailures").asInt()).isZero();
    assertThat(watching.path("state").path("lastReport").path("status").asText()).isEqualTo("ok");
    SearchAttributes attributes =
        api.temporal()
            .client()
            .newUntypedWorkflowStub("monitor/watched")
            .describe()
            .getTypedSearchAttributes();
    assertThat(attributes.get(StandbySearchAttributes.SERVICE)).isEqualTo("watched");
    assertThat(attributes.get(StandbySearchAttributes.KIND)).isEqualTo("monitor");

    Response stop = api.delete("/monitors/watched");
    assertThat(stop.getStatus()).isEqualTo(202);
    assertThat(json(stop).path("runId").asText()).isEqualTo(started.path("runId").asText());

    JsonNode stopped =
        api.awaitJson("/monitors/watched", s -> !"RUNNING".equals(s.path("status").asText()));
    assertThat(stopped.path("status").asText()).isEqualTo("CANCELED");
    assertThat(stopped.path("failure").path("type").asText()).isEqualTo("CANCELED");
    assertThat(stopped.path("closedAt").asText()).isNotBlank();

    Response again = api.delete("/monitors/watched");
    assertThat(again.getStatus()).isEqualTo(409);
    assertThat(json(again).path("error").asText())
        .isEqualTo("the monitor of watched is not running (CANCELED)");
  }

  @Test
  void aSecondMonitorOfTheSameServiceIsRefused() {
    JsonNode first = json(api.post("/monitors", "{\"service\":\"watched-twice\"}"));

    Response refused = api.post("/monitors", "{\"service\":\"watched-twice\"}");

    assertThat(refused.getStatus()).isEqualTo(409);
    JsonNode conflict = json(refused);
    assertThat(conflict.path("error").asText())
        .isEqualTo("a monitor of watched-twice is already running");
    assertThat(conflict.path("runId").asText()).isEqualTo(first.path("runId").asText());
    assertThat(api.delete("/monitors/watched-twice").getStatus()).isEqualTo(202);
    api.awaitJson("/monitors/watched-twice", s -> "CANCELED".equals(s.path("status").asText()));
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
