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
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.standby.topology.ServiceTopology;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Azure Traffic Manager has no emulator: WireMock stands in for Resource Manager and the test
 * asserts the requests.
 */
class TrafficManagerContractTest {
  private static final String PROFILE =
      "/subscriptions/sub-1/resourceGroups/rg-dr/providers/Microsoft.Network/trafficmanagerprofiles/orders-tm";
  private WireMockServer arm;
  private TrafficManagerRouter router;

  @BeforeEach
  void start() {
    arm =
        new WireMockServer(
            wireMockConfig().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort());
    arm.start();
    router = new TrafficManagerRouter(AzureTestClients.against(arm, "azure-west", "sub-1"));
  }

  @AfterEach
  void stop() {
    arm.stop();
  }

  @Test
  void aWeightedProfileGetsOnePatchPerChangedEndpointCarryingOnlyItsWeight() {
    arm.stubFor(
        get(urlPathEqualTo(PROFILE))
            .inScenario("w")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(profile("Weighted", 100, 0, 1, 2))));
    arm.stubFor(
        patch(urlPathEqualTo(PROFILE + "/ExternalEndpoints/a"))
            .inScenario("w")
            .willReturn(json("{}")));
    arm.stubFor(
        patch(urlPathEqualTo(PROFILE + "/ExternalEndpoints/b"))
            .inScenario("w")
            .willSetStateTo("done")
            .willReturn(json("{}")));
    arm.stubFor(
        get(urlPathEqualTo(PROFILE))
            .inScenario("w")
            .whenScenarioStateIs("done")
            .willReturn(json(profile("Weighted", 0, 100, 1, 2))));

    assertThat(router.weights(service()))
        .containsExactly(Map.entry("site-a", 100), Map.entry("site-b", 0));
    assertThat(router.setWeights(service(), ordered(0, 100)))
        .containsExactly(Map.entry("site-a", 0), Map.entry("site-b", 100));

    arm.verify(
        1,
        patchRequestedFor(urlPathEqualTo(PROFILE + "/ExternalEndpoints/a"))
            .withHeader("Authorization", equalTo("Bearer " + AzureTestClients.TOKEN))
            .withRequestBody(equalToJson("{\"properties\": {\"weight\": 0}}")));
    arm.verify(
        1,
        patchRequestedFor(urlPathEqualTo(PROFILE + "/ExternalEndpoints/b"))
            .withRequestBody(equalToJson("{\"properties\": {\"weight\": 100}}")));
  }

  @Test
  void aPriorityProfileSwapsPrioritiesThroughAParkingValueSoTheyStayUnique() {
    arm.stubFor(
        get(urlPathEqualTo(PROFILE))
            .inScenario("p")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(profile("Priority", null, null, 1, 2))));
    arm.stubFor(
        patch(urlPathEqualTo(PROFILE + "/ExternalEndpoints/a"))
            .inScenario("p")
            .willReturn(json("{}")));
    arm.stubFor(
        patch(urlPathEqualTo(PROFILE + "/ExternalEndpoints/b"))
            .inScenario("p")
            .willReturn(json("{}")));

    router.setWeights(service(), ordered(0, 100));

    List<String> bodies =
        arm.findAll(patchRequestedFor(anyUrl())).stream()
            .map(
                r ->
                    r.getUrl().replaceAll("\\?.*", "").replace(PROFILE, "")
                        + " "
                        + r.getBodyAsString().replace(" ", ""))
            .toList();
    assertThat(bodies)
        .containsExactly(
            "/ExternalEndpoints/b {\"properties\":{\"priority\":1000}}",
            "/ExternalEndpoints/a {\"properties\":{\"priority\":999}}",
            "/ExternalEndpoints/b {\"properties\":{\"priority\":1}}",
            "/ExternalEndpoints/a {\"properties\":{\"priority\":2}}");

    ApplicationFailure split =
        catchThrowableOfType(
            ApplicationFailure.class, () -> router.setWeights(service(), ordered(50, 50)));
    assertThat(split.getOriginalMessage()).contains("routes by priority: give one site 100");
    assertThat(arm.findAll(patchRequestedFor(anyUrl())))
        .as("a refused split changes nothing")
        .hasSize(4);
  }

  private static String profile(
      String method, Integer weightA, Integer weightB, int priorityA, int priorityB) {
    return """
        {"id": "%s", "name": "orders-tm", "type": "Microsoft.Network/trafficManagerProfiles", "location": "global",
         "properties": {"profileStatus": "Enabled", "trafficRoutingMethod": "%s",
           "endpoints": [
             {"name": "a", "type": "Microsoft.Network/trafficManagerProfiles/externalEndpoints",
              "properties": {"target": "a.example.com", "endpointStatus": "Enabled", %s"priority": %d}},
             {"name": "b", "type": "Microsoft.Network/trafficManagerProfiles/externalEndpoints",
              "properties": {"target": "b.example.com", "endpointStatus": "Enabled", %s"priority": %d}}]}}"""
        .formatted(
            PROFILE,
            method,
            weightA == null ? "" : "\"weight\": " + weightA + ", ",
            priorityA,
            weightB == null ? "" : "\"weight\": " + weightB + ", ",
            priorityB);
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }

  private static ServiceTopology service() {
    var cloud =
        new ServiceTopology.CloudRouter(
            "azure-west", null, null, "rg-dr", Map.of("site-a", "a", "site-b", "b"));
    var traffic =
        new ServiceTopology.Traffic(
            "trafficmanager", null, "orders-tm", "http://orders.example.com", cloud, List.of());
    Map<String, ServiceTopology.SiteEndpoints> sites = new LinkedHashMap<>();
    sites.put("site-a", new ServiceTopology.SiteEndpoints("http://127.0.0.1:1", null, "a"));
    sites.put("site-b", new ServiceTopology.SiteEndpoints("http://127.0.0.1:2", null, "b"));
    return new ServiceTopology(
        "orders",
        "site-a",
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        null,
        null,
        null,
        traffic,
        sites);
  }

  private static Map<String, Integer> ordered(int a, int b) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    weights.put("site-a", a);
    weights.put("site-b", b);
    return weights;
  }
}
