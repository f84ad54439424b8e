package dev.standby.adapters.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.standby.adapters.postgres.PostgresDatabaseAdapter;
import dev.standby.model.database.DatabaseRole;
import dev.standby.topology.ServiceTopology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Azure Database for PostgreSQL flexible server has no emulator: WireMock stands in for Resource
 * Manager and the test asserts the exact requests.
 */
class AzurePostgresContractTest {
  private static final String SERVER =
      "/subscriptions/sub-1/resourceGroups/rg-dr/providers/Microsoft.DBforPostgreSQL/flexibleServers/orders-b";
  private WireMockServer arm;
  private AzurePostgresDatabaseAdapter adapter;
  private final ServiceTopology.Database replica =
      new ServiceTopology.Database(
          "azure-postgresql", null, "standby", null, null, "orders-b", "rg-dr");

  @BeforeEach
  void start() {
    arm =
        new WireMockServer(
            wireMockConfig().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort());
    arm.start();
    adapter =
        new AzurePostgresDatabaseAdapter(
            AzureTestClients.against(arm, "azure-west", "sub-1"), new PostgresDatabaseAdapter());
  }

  @AfterEach
  void stop() {
    arm.stop();
  }

  @Test
  void promotionStopsReplicationWithOnePatchAndAPromotedServerIsLeftAlone() {
    arm.stubFor(
        get(urlPathEqualTo(SERVER))
            .inScenario("p")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(server("AsyncReplica"))));
    arm.stubFor(
        patch(urlPathEqualTo(SERVER))
            .inScenario("p")
            .willSetStateTo("promoted")
            .willReturn(json(server("None"))));
    arm.stubFor(
        get(urlPathEqualTo(SERVER))
            .inScenario("p")
            .whenScenarioStateIs("promoted")
            .willReturn(json(server("None"))));

    assertThat(adapter.status("azure-west", replica).role()).isEqualTo(DatabaseRole.REPLICA);
    assertThat(adapter.promote("azure-west", replica).promoted()).isTrue();
    assertThat(adapter.status("azure-west", replica).role()).isEqualTo(DatabaseRole.PRIMARY);
    assertThat(adapter.promote("azure-west", replica).promoted()).as("already promoted").isFalse();

    arm.verify(1, patchRequestedFor(anyUrl()));
    arm.verify(
        1,
        patchRequestedFor(urlPathEqualTo(SERVER))
            .withHeader("Authorization", equalTo("Bearer " + AzureTestClients.TOKEN))
            .withRequestBody(equalToJson("{\"properties\": {\"replicationRole\": \"None\"}}")));
  }

  private static String server(String role) {
    return """
        {"id": "%s", "name": "orders-b", "type": "Microsoft.DBforPostgreSQL/flexibleServers", "location": "westeurope",
         "properties": {"state": "Ready", "replicationRole": "%s", "version": "15"}}"""
        .formatted(SERVER, role);
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }
}
