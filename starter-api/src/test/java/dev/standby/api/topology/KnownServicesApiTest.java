package dev.standby.api.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import dev.standby.api.InProcessTemporal;
import dev.standby.api.LabActivities;
import dev.standby.api.StandbyApiApplication;
import dev.standby.api.StandbyApiConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** With the worker's topology file, the API refuses starts for services and sites it does not name: nothing starts. */
@ExtendWith(DropwizardExtensionsSupport.class)
class KnownServicesApiTest {
  private static final LabActivities lab = new LabActivities();
  private static final InProcessTemporal temporal = InProcessTemporal.start(lab::registerOn);
  static final DropwizardAppExtension<StandbyApiConfiguration> app = new DropwizardAppExtension<>(
      StandbyApiApplication.class, ResourceHelpers.resourceFilePath("test-config.yml"),
      ConfigOverride.config("temporal.target", temporal::target),
      ConfigOverride.config("topologyFile", ResourceHelpers.resourceFilePath("known-topology.yaml")));

  @AfterAll
  static void stopTemporal() {
    temporal.close();
  }

  @Test
  void aFailoverOrFailbackOfAnUnknownServiceIsNotFoundAndNothingStarts() {
    try (Response failover = post("/failovers", "{\"service\":\"ghost\",\"targetSite\":\"site-b\",\"mode\":\"PLANNED\"}")) {
      assertThat(failover.getStatus()).isEqualTo(404);
      assertThat(failover.readEntity(JsonNode.class).path("error").asText())
          .isEqualTo("unknown service 'ghost' (the topology has: payments)");
    }
    try (Response failback = post("/failbacks", "{\"service\":\"ghost\"}")) {
      assertThat(failback.getStatus()).isEqualTo(404);
    }
    for (String id : new String[] {"failover/ghost", "failback/ghost"}) {
      Assertions.assertThatThrownBy(() -> temporal.client().newUntypedWorkflowStub(id).describe())
          .as(id + " was never started").isInstanceOf(WorkflowNotFoundException.class);
    }
  }

  @Test
  void aFailoverToASiteTheServiceDoesNotHaveIsRefusedAndNothingStarts() {
    try (Response failover = post("/failovers", "{\"service\":\"payments\",\"targetSite\":\"site-c\",\"mode\":\"PLANNED\"}")) {
      assertThat(failover.getStatus()).isEqualTo(422);
      assertThat(failover.readEntity(JsonNode.class).path("error").asText())
          .isEqualTo("'site-c' is not a site of payments (sites: site-a, site-b)");
    }
    Assertions.assertThatThrownBy(() -> temporal.client().newUntypedWorkflowStub("failover/payments").describe())
        .isInstanceOf(WorkflowNotFoundException.class);
  }

  private static Response post(String path, String json) {
    return app.client().target("http://127.0.0.1:" + app.getLocalPort() + path).request(MediaType.APPLICATION_JSON)
        .header("Authorization", "Bearer " + ApiTestApp.OPERATOR).post(Entity.entity(json, MediaType.APPLICATION_JSON));
  }
}
