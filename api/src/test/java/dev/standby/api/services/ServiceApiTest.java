package dev.standby.api.services;

import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import dev.standby.api.TestServices;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.service.HistoryEntry;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteCondition;
import dev.standby.model.service.SiteState;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /services and /services/{name} read the state the service's own workflow holds. */
class ServiceApiTest {
  @RegisterExtension static final ApiTestApp api = ApiTestApp.shared();

  private static final long FAILED_OVER_AT = TestServices.OBSERVED_AT - 60_000;

  @BeforeEach
  void healthyLab() {
    api.lab().answerLikeAHealthyLab();
  }

  /** After a failover to site-b: site-a streams from it, a drill runs, an alarm was raised. */
  private static ServiceState failedOverWithADrill(String service) {
    return TestServices.held(service, OperationKind.DRILL, "drill/" + service, "r-9", "carol")
        .withPrimary("site-b")
        .withSite(
            new SiteState(
                "site-a",
                DatabaseRole.REPLICA,
                SiteCondition.HEALTHY,
                "site-b",
                true,
                120L,
                false,
                TestServices.OBSERVED_AT,
                "streams from site-b"))
        .withSite(
            new SiteState(
                "site-b",
                DatabaseRole.PRIMARY,
                SiteCondition.HEALTHY,
                null,
                false,
                null,
                true,
                TestServices.OBSERVED_AT,
                "primary, takes writes"))
        .withProtection(true, "site-a streams from site-b, 120 ms behind")
        .withWatching(true)
        .withAlarms(List.of("site-a was a second writable primary: fenced"))
        .recording(TestServices.failover("olga", FAILED_OVER_AT, "site-a", "site-b", 4_300))
        .recording(
            HistoryEntry.event(
                "fence", FAILED_OVER_AT + 5_000, "site-a came back writable: fenced"));
  }

  @Test
  void aServiceShowsAllOfItsStateToAViewer() {
    api.services().hold(failedOverWithADrill("shown"));

    Response response = api.request("/services/shown", ApiTestApp.VIEWER).get();

    assertThat(response.getStatus()).isEqualTo(200);
    JsonNode shown = json(response);
    assertThat(shown.path("service").asText()).isEqualTo("shown");
    assertThat(shown.path("primarySite").asText()).isEqualTo("site-b");
    assertThat(shown.path("protected").asBoolean()).isTrue();
    assertThat(shown.has("isProtected")).as("one name for it").isFalse();
    assertThat(shown.path("protection").asText())
        .isEqualTo("site-a streams from site-b, 120 ms behind");
    assertThat(shown.path("watching").asBoolean()).isTrue();
    assertThat(shown.path("alarms").get(0).asText())
        .isEqualTo("site-a was a second writable primary: fenced");
    assertThat(shown.path("updatedAt").asText()).isEqualTo("2023-11-14T22:13:20Z");

    JsonNode operation = shown.path("operation");
    assertThat(operation.path("kind").asText()).isEqualTo("drill");
    assertThat(operation.path("workflowId").asText()).isEqualTo("drill/shown");
    assertThat(operation.path("requestedBy").asText()).isEqualTo("carol");
    assertThat(operation.path("planned").asBoolean()).isTrue();
    assertThat(operation.path("uiUrl").asText())
        .isEqualTo("http://127.0.0.1:8233/namespaces/default/workflows/drill%2Fshown/r-9/history");

    JsonNode siteA = shown.path("sites").get(0);
    assertThat(siteA.path("site").asText()).isEqualTo("site-a");
    assertThat(siteA.path("role").asText()).isEqualTo("REPLICA");
    assertThat(siteA.path("condition").asText()).isEqualTo("HEALTHY");
    assertThat(siteA.path("primary").asBoolean()).isFalse();
    assertThat(siteA.path("follows").asText()).isEqualTo("site-b");
    assertThat(siteA.path("lagMillis").asLong()).isEqualTo(120);
    assertThat(siteA.path("observedAt").asText()).isEqualTo("2023-11-14T22:13:20Z");
    JsonNode siteB = shown.path("sites").get(1);
    assertThat(siteB.path("primary").asBoolean()).isTrue();
    assertThat(siteB.path("writable").asBoolean()).isTrue();

    // Newest first.
    assertThat(shown.path("history")).hasSize(2);
    assertThat(shown.path("history").get(0).path("what").asText()).isEqualTo("fence");
    JsonNode failover = shown.path("history").get(1);
    assertThat(failover.path("what").asText()).isEqualTo("failover");
    assertThat(failover.path("outcome").asText()).isEqualTo("COMPLETED");
    assertThat(failover.path("requestedBy").asText()).isEqualTo("olga");
    assertThat(failover.path("fromSite").asText()).isEqualTo("site-a");
    assertThat(failover.path("toSite").asText()).isEqualTo("site-b");
    assertThat(failover.path("rtoMillis").asLong()).isEqualTo(4_300);
    assertThat(failover.path("endedAt").asText()).isEqualTo("2023-11-14T22:12:20Z");

    assertThat(shown.path("workflow").path("workflowId").asText()).isEqualTo("service/shown");
    assertThat(shown.path("workflow").path("uiUrl").asText())
        .contains("/workflows/service%2Fshown/");
    assertThat(api.request("/services/shown", null).get().getStatus()).isEqualTo(401);
  }

  @Test
  void withoutATopologyFileTheListSaysHowToGetOne() {
    Response response = api.get("/services");

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(json(response).path("error").asText())
        .startsWith("the API has no topology file, so it cannot list the services");
  }

  @Test
  void aServiceWhoseWorkflowIsNotRunningIsUnavailableSayingWhy() {
    api.services().free("down");
    api.services().stop("down");

    Response response = api.get("/services/down");

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(json(response).path("error").asText())
        .isEqualTo(
            "the state of down is not available: its workflow service/down is not running"
                + " (TERMINATED). Is the worker running? It starts service/<name> for every"
                + " service of its topology");
    assertThat(json(api.get("/services/never-started")).path("error").asText())
        .contains("its workflow service/never-started has never been started");
  }
}
