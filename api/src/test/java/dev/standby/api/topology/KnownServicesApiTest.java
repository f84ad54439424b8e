package dev.standby.api.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import io.dropwizard.testing.ResourceHelpers;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With the worker's topology file, the API refuses starts for services and sites it does not name:
 * nothing starts.
 */
class KnownServicesApiTest {
  /** Not in the topology, and started by no other class on the shared Temporal. */
  private static final String UNKNOWN = "phantom";

  @RegisterExtension
  static final ApiTestApp api =
      ApiTestApp.shared(
          Map.of("topologyFile", ResourceHelpers.resourceFilePath("known-topology.yaml")));

  @Test
  void aFailoverOrFailbackOfAnUnknownServiceIsNotFoundAndNothingStarts() {
    try (Response failover =
        post(
            "/failovers",
            "{\"service\":\"" + UNKNOWN + "\",\"targetSite\":\"site-b\",\"mode\":\"PLANNED\"}")) {
      assertThat(failover.getStatus()).isEqualTo(404);
      assertThat(failover.readEntity(JsonNode.class).path("error").asText())
          .isEqualTo("unknown service '" + UNKNOWN + "' (the topology has: payments)");
    }
    try (Response failback = post("/failbacks", "{\"service\":\"" + UNKNOWN + "\"}")) {
      assertThat(failback.getStatus()).isEqualTo(404);
    }
    for (String id : new String[] {"failover/" + UNKNOWN, "failback/" + UNKNOWN}) {
      Assertions.assertThatThrownBy(
              () -> api.temporal().client().newUntypedWorkflowStub(id).describe())
          .as(id + " was never started")
          .isInstanceOf(WorkflowNotFoundException.class);
    }
  }

  @Test
  void aFailoverToASiteTheServiceDoesNotHaveIsRefusedAndNothingStarts() {
    try (Response failover =
        post(
            "/failovers",
            "{\"service\":\"payments\",\"targetSite\":\"site-c\",\"mode\":\"PLANNED\"}")) {
      assertThat(failover.getStatus()).isEqualTo(422);
      assertThat(failover.readEntity(JsonNode.class).path("error").asText())
          .isEqualTo("'site-c' is not a site of payments (sites: site-a, site-b)");
    }
    Assertions.assertThatThrownBy(
            () -> api.temporal().client().newUntypedWorkflowStub("failover/payments").describe())
        .isInstanceOf(WorkflowNotFoundException.class);
  }

  @Test
  void aRegionPlanForAnUnknownSiteIsNotFoundAndNothingStarts() {
    try (Response plan = post("/region-failovers", "{\"site\":\"site-z\"}")) {
      assertThat(plan.getStatus()).isEqualTo(404);
      assertThat(plan.readEntity(JsonNode.class).path("error").asText())
          .isEqualTo("unknown site 'site-z' (the topology has: site-a, site-b)");
    }
    Assertions.assertThatThrownBy(
            () -> api.temporal().client().newUntypedWorkflowStub("region/site-z").describe())
        .isInstanceOf(WorkflowNotFoundException.class);
  }

  private static Response post(String path, String json) {
    return api.post(path, json);
  }
}
