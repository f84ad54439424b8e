package dev.standby.adapters.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Azure Database for PostgreSQL flexible server has no emulator: WireMock stands in for Resource
 * Manager and the test asserts the exact requests of a practice clone (a PUT of a new server with
 * createMode PointInTimeRestore from the standby's server) and of its removal (a DELETE).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AzurePostgresClonerWireMockTest {
  private static final String SERVERS =
      "/subscriptions/sub-1/resourceGroups/rg-dr/providers/Microsoft.DBforPostgreSQL/flexibleServers/";
  private static final String CLONE = CloneNames.of("orders-b", "drill_orders-run1");
  private WireMockServer arm;
  private AzurePostgresCloner cloner;
  private final CloneRequest request =
      new CloneRequest(
          "orders",
          "azure-west",
          "drill_orders-run1",
          new ServiceTopology.Database(
              "azure-postgresql", null, "standby", null, null, "orders-b", "rg-dr"),
          null,
          null);

  @BeforeEach
  void start() {
    arm =
        new WireMockServer(
            wireMockConfig().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort());
    arm.start();
    cloner = new AzurePostgresCloner(AzureTestClients.against(arm, "azure-west", "sub-1"));
  }

  @AfterEach
  void stop() {
    arm.stop();
  }

  @Test
  void restoresTheStandbyToAPointInTimeIntoANewServerAndDeletesIt() {
    arm.stubFor(
        get(urlPathEqualTo(SERVERS + CLONE))
            .inScenario("c")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(notFound()));
    arm.stubFor(
        get(urlPathEqualTo(SERVERS + "orders-b")).willReturn(json(server("orders-b", "x"))));
    arm.stubFor(
        put(urlPathEqualTo(SERVERS + CLONE))
            .inScenario("c")
            .willSetStateTo("restored")
            .willReturn(json(server(CLONE, CLONE + ".postgres.database.azure.com"))));
    arm.stubFor(
        get(urlPathEqualTo(SERVERS + CLONE))
            .inScenario("c")
            .whenScenarioStateIs("restored")
            .willReturn(json(server(CLONE, CLONE + ".postgres.database.azure.com"))));
    arm.stubFor(delete(urlPathEqualTo(SERVERS + CLONE)).willReturn(aResponse().withStatus(200)));

    CloneRecord clone = cloner.create(request);

    assertThat(clone.provider()).isEqualTo("azure-postgresql");
    assertThat(clone.id()).isEqualTo(CLONE);
    assertThat(clone.host()).isEqualTo(CLONE + ".postgres.database.azure.com");
    arm.verify(
        1,
        putRequestedFor(urlPathEqualTo(SERVERS + CLONE))
            .withRequestBody(matchingJsonPath("$.location", equalToIgnoringCase("westeurope")))
            .withRequestBody(
                matchingJsonPath(
                    "$.properties.createMode",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo("PointInTimeRestore")))
            .withRequestBody(
                matchingJsonPath(
                    "$.properties.sourceServerResourceId",
                    com.github.tomakehurst.wiremock.client.WireMock.equalTo(SERVERS + "orders-b")))
            .withRequestBody(matchingJsonPath("$.properties.pointInTimeUTC")));

    assertThat(cloner.remove(request)).containsExactly("deleted Azure flexible server " + CLONE);
    arm.verify(1, deleteRequestedFor(urlPathEqualTo(SERVERS + CLONE)));
  }

  @Test
  void removingACloneThatIsNotThereChangesNothing() {
    arm.stubFor(get(urlPathEqualTo(SERVERS + CLONE)).willReturn(notFound()));

    assertThat(cloner.remove(request)).isEmpty();
    arm.verify(0, deleteRequestedFor(urlPathEqualTo(SERVERS + CLONE)));
  }

  private static com.github.tomakehurst.wiremock.matching.StringValuePattern equalToIgnoringCase(
      String value) {
    return com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase(value);
  }

  private static String server(String name, String fqdn) {
    return """
        {"id": "%s%s", "name": "%s", "type": "Microsoft.DBforPostgreSQL/flexibleServers", "location": "westeurope",
         "properties": {"state": "Ready", "version": "15", "fullyQualifiedDomainName": "%s"}}"""
        .formatted(SERVERS, name, name, fqdn);
  }

  private static ResponseDefinitionBuilder notFound() {
    return aResponse()
        .withStatus(404)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\": {\"code\": \"ResourceNotFound\", \"message\": \"not found\"}}");
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }
}
