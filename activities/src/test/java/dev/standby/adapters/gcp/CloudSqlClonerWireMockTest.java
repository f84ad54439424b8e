package dev.standby.adapters.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.standby.adapters.CloneNames;
import dev.standby.adapters.DatabaseCloner.CloneRequest;
import dev.standby.model.practice.CloneRecord;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cloud SQL has no emulator: WireMock stands in for the SQL Admin v1 API and the test asserts the
 * exact requests of a practice clone (instances.clone of the standby into a named instance, the
 * operation polled, the clone read until RUNNABLE) and of its removal (instances.delete).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CloudSqlClonerWireMockTest {
  private static final String INSTANCES = "/v1/projects/acme-prod/instances/";
  private static final String CLONE = CloneNames.of("orders-b", "drill_orders-run1");
  private WireMockServer api;
  private CloudSqlCloner cloner;
  private final CloneRequest request =
      new CloneRequest(
          "orders",
          "gcp-central",
          "drill_orders-run1",
          new ServiceTopology.Database("cloudsql", null, "standby", null, null, "orders-b", null),
          null,
          null);

  @BeforeEach
  void start() {
    api = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    api.start();
    Topology.Site gcp =
        new Topology.Site("gcp-central", "gcp", null, "acme-prod", null, api.baseUrl());
    cloner =
        new CloudSqlCloner(
            new GcpClients(Map.of("gcp-central", gcp), () -> request -> {}), Duration.ofMillis(10));
  }

  @AfterEach
  void stop() {
    api.stop();
  }

  @Test
  void clonesTheStandbyIntoANamedInstanceAndDeletesIt() {
    api.stubFor(
        get(urlPathEqualTo(INSTANCES + CLONE))
            .inScenario("clone")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(404).withBody("{\"error\":{\"code\":404}}")));
    api.stubFor(
        post(urlPathEqualTo(INSTANCES + "orders-b/clone"))
            .inScenario("clone")
            .willSetStateTo("cloning")
            .willReturn(json("{\"name\": \"op-2\", \"status\": \"PENDING\"}")));
    api.stubFor(
        get(urlPathEqualTo("/v1/projects/acme-prod/operations/op-2"))
            .willReturn(json("{\"name\": \"op-2\", \"status\": \"DONE\"}")));
    api.stubFor(
        get(urlPathEqualTo(INSTANCES + CLONE))
            .inScenario("clone")
            .whenScenarioStateIs("cloning")
            .willSetStateTo("cloned")
            .willReturn(json("{\"name\": \"" + CLONE + "\", \"state\": \"PENDING_CREATE\"}")));
    api.stubFor(
        get(urlPathEqualTo(INSTANCES + CLONE))
            .inScenario("clone")
            .whenScenarioStateIs("cloned")
            .willReturn(
                json(
                    "{\"name\": \""
                        + CLONE
                        + "\", \"state\": \"RUNNABLE\", \"ipAddresses\": [{\"type\": \"PRIMARY\","
                        + " \"ipAddress\": \"34.1.2.3\"}, {\"type\": \"PRIVATE\", \"ipAddress\":"
                        + " \"10.0.0.7\"}]}")));
    api.stubFor(
        delete(urlPathEqualTo(INSTANCES + CLONE))
            .willReturn(json("{\"name\": \"op-3\", \"status\": \"DONE\"}")));

    CloneRecord clone = cloner.create(request);

    assertThat(clone.provider()).isEqualTo("cloudsql");
    assertThat(clone.id()).isEqualTo(CLONE);
    assertThat(clone.host()).as("the private address").isEqualTo("10.0.0.7");
    assertThat(clone.port()).isEqualTo(5432);
    api.verify(
        1,
        postRequestedFor(urlPathEqualTo(INSTANCES + "orders-b/clone"))
            .withRequestBody(
                equalToJson(
                    "{\"cloneContext\": {\"kind\": \"sql#cloneContext\","
                        + " \"destinationInstanceName\": \""
                        + CLONE
                        + "\"}}")));

    assertThat(cloner.remove(request)).containsExactly("deleted Cloud SQL instance " + CLONE);
    api.verify(1, deleteRequestedFor(urlPathEqualTo(INSTANCES + CLONE)));
  }

  @Test
  void removingACloneThatIsNotThereChangesNothing() {
    api.stubFor(
        get(urlPathEqualTo(INSTANCES + CLONE))
            .willReturn(aResponse().withStatus(404).withBody("{\"error\":{\"code\":404}}")));

    assertThat(cloner.remove(request)).isEmpty();
    api.verify(0, deleteRequestedFor(urlPathEqualTo(INSTANCES + CLONE)));
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }
}
