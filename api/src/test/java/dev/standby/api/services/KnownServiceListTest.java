package dev.standby.api.services;

import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import dev.standby.api.TestServices;
import dev.standby.model.service.OperationKind;
import io.dropwizard.testing.ResourceHelpers;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With the topology file, the API lists the topology's services and knows which do not exist. */
class KnownServiceListTest {
  @RegisterExtension
  static final ApiTestApp api =
      ApiTestApp.shared(
          Map.of("topologyFile", ResourceHelpers.resourceFilePath("known-topology.yaml")));

  @AfterEach
  void freePayments() {
    api.services().free("payments");
  }

  @Test
  void everyServiceOfTheTopologyIsListed() {
    api.services()
        .hold(
            TestServices.held(
                "payments", OperationKind.BACKUP, "backup/payments", "r-1", "scheduler"));

    JsonNode listed = json(api.request("/services", ApiTestApp.VIEWER).get());

    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).path("service").asText()).isEqualTo("payments");
    assertThat(listed.get(0).path("primarySite").asText()).isEqualTo("site-a");
    assertThat(listed.get(0).path("protected").asBoolean()).isTrue();
    assertThat(listed.get(0).path("protection").asText())
        .isEqualTo("site-b streams from site-a, 0 ms behind");
    assertThat(listed.get(0).path("operation").path("kind").asText()).isEqualTo("backup");
    assertThat(listed.get(0).path("operation").path("requestedBy").asText()).isEqualTo("scheduler");
  }

  @Test
  void aServiceWhoseWorkflowIsNotRunningIsListedWithTheReason() {
    api.services().stop("payments");

    JsonNode listed = json(api.get("/services"));

    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).path("service").asText()).isEqualTo("payments");
    assertThat(listed.get(0).has("primarySite")).isFalse();
    assertThat(listed.get(0).path("unavailable").asText())
        .contains("its workflow service/payments is not running")
        .contains("Is the worker running?");
    assertThat(api.get("/services/payments").getStatus()).isEqualTo(503);
  }

  @Test
  void anUnknownServiceIsNotFoundNamingTheKnownOnes() {
    Response unknown = api.get("/services/phantom");

    assertThat(unknown.getStatus()).isEqualTo(404);
    assertThat(json(unknown).path("error").asText())
        .isEqualTo("unknown service 'phantom' (the topology has: payments)");
    Response monitor = api.post("/monitors", "{\"service\":\"phantom\"}");
    assertThat(monitor.getStatus()).isEqualTo(404);
    assertThat(json(monitor).path("error").asText())
        .isEqualTo("unknown service 'phantom' (the topology has: payments)");
  }
}
