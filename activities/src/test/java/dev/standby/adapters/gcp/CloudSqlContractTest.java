package dev.standby.adapters.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.standby.adapters.postgres.PostgresDatabaseAdapter;
import dev.standby.model.database.DatabaseRole;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cloud SQL has no emulator: WireMock stands in for the SQL Admin v1 API and the test asserts the
 * exact requests.
 */
class CloudSqlContractTest {
  private static final String INSTANCE = "/v1/projects/acme-prod/instances/orders-b";
  private WireMockServer api;
  private CloudSqlDatabaseAdapter adapter;
  private final ServiceTopology.Database replica =
      new ServiceTopology.Database("cloudsql", null, "standby", null, null, "orders-b", null);

  @BeforeEach
  void start() {
    api = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    api.start();
    Topology.Site gcp =
        new Topology.Site("gcp-central", "gcp", null, "acme-prod", null, api.baseUrl());
    adapter =
        new CloudSqlDatabaseAdapter(
            new GcpClients(Map.of("gcp-central", gcp), () -> request -> {}),
            new PostgresDatabaseAdapter(),
            Duration.ofMillis(10));
  }

  @AfterEach
  void stop() {
    api.stop();
  }

  @Test
  void promotesAReplicaAndWaitsForItsOperationThenLeavesAPrimaryAlone() {
    api.stubFor(
        get(urlPathEqualTo(INSTANCE))
            .inScenario("promote")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                json(
                    "{\"name\": \"orders-b\", \"state\": \"RUNNABLE\", \"instanceType\": \"READ_REPLICA_INSTANCE\", "
                        + "\"masterInstanceName\": \"acme-prod:orders-a\"}")));
    api.stubFor(
        post(urlPathEqualTo(INSTANCE + "/promoteReplica"))
            .inScenario("promote")
            .willReturn(
                json(
                    "{\"name\": \"op-1\", \"status\": \"PENDING\", \"operationType\": \"PROMOTE_REPLICA\"}")));
    api.stubFor(
        get(urlPathEqualTo("/v1/projects/acme-prod/operations/op-1"))
            .inScenario("promote")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("running")
            .willReturn(json("{\"name\": \"op-1\", \"status\": \"RUNNING\"}")));
    api.stubFor(
        get(urlPathEqualTo("/v1/projects/acme-prod/operations/op-1"))
            .inScenario("promote")
            .whenScenarioStateIs("running")
            .willSetStateTo("promoted")
            .willReturn(json("{\"name\": \"op-1\", \"status\": \"DONE\"}")));
    api.stubFor(
        get(urlPathEqualTo(INSTANCE))
            .inScenario("promote")
            .whenScenarioStateIs("promoted")
            .willReturn(
                json(
                    "{\"name\": \"orders-b\", \"state\": \"RUNNABLE\", \"instanceType\": \"CLOUD_SQL_INSTANCE\"}")));

    assertThat(adapter.status("gcp-central", replica).role()).isEqualTo(DatabaseRole.REPLICA);
    assertThat(adapter.promote("gcp-central", replica).promoted()).isTrue();
    assertThat(adapter.status("gcp-central", replica).role()).isEqualTo(DatabaseRole.PRIMARY);
    assertThat(adapter.promote("gcp-central", replica).promoted()).as("already primary").isFalse();

    api.verify(1, postRequestedFor(urlPathEqualTo(INSTANCE + "/promoteReplica")));
    assertThat(
            api.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    urlPathEqualTo("/v1/projects/acme-prod/operations/op-1"))))
        .as("polled until DONE")
        .hasSize(2);
  }

  @Test
  void anInstanceThatIsNotRunnableIsUnreachable() {
    api.stubFor(
        get(urlPathEqualTo(INSTANCE))
            .willReturn(
                json(
                    "{\"name\": \"orders-b\", \"state\": \"MAINTENANCE\", \"instanceType\": \"READ_REPLICA_INSTANCE\"}")));

    var status = adapter.status("gcp-central", replica);

    assertThat(status.role()).isEqualTo(DatabaseRole.UNREACHABLE);
    assertThat(status.error()).isEqualTo("Cloud SQL instance orders-b is MAINTENANCE");
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }
}
