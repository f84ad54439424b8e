package dev.standby.adapters.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cloud DNS has no emulator: WireMock stands in for its v1 API and the test asserts the exact
 * requests.
 */
class CloudDnsContractTest {
  private static final String RRSET =
      "/dns/v1/projects/acme-prod/managedZones/orders-zone/rrsets/orders.example.com./A";
  private WireMockServer dns;
  private CloudDnsTrafficRouter router;

  @BeforeEach
  void start() {
    dns = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
    dns.start();
    Topology.Site gcp =
        new Topology.Site("gcp-central", "gcp", null, "acme-prod", null, dns.baseUrl());
    router =
        new CloudDnsTrafficRouter(new GcpClients(Map.of("gcp-central", gcp), () -> request -> {}));
  }

  @AfterEach
  void stop() {
    dns.stop();
  }

  @Test
  void readsTheWeightedItemsAndPatchesOnlyTheirWeights() {
    dns.stubFor(
        get(urlPathEqualTo(RRSET))
            .inScenario("flip")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(rrset(100, 0))));
    // The Google client's HttpURLConnection transport cannot send PATCH: it POSTs with the method
    // in a header.
    dns.stubFor(
        post(urlPathEqualTo(RRSET))
            .withHeader("X-HTTP-Method-Override", equalTo("PATCH"))
            .inScenario("flip")
            .willSetStateTo("flipped")
            .willReturn(json(rrset(0, 100))));
    dns.stubFor(
        get(urlPathEqualTo(RRSET))
            .inScenario("flip")
            .whenScenarioStateIs("flipped")
            .willReturn(json(rrset(0, 100))));

    assertThat(router.weights(service()))
        .containsExactly(Map.entry("site-a", 100), Map.entry("site-b", 0));
    assertThat(router.setWeights(service(), ordered(0, 100)))
        .containsExactly(Map.entry("site-a", 0), Map.entry("site-b", 100));

    dns.verify(
        1,
        postRequestedFor(urlPathEqualTo(RRSET))
            .withHeader("X-HTTP-Method-Override", equalTo("PATCH"))
            .withRequestBody(equalToJson(rrset(0, 100))));
    assertThat(router.setWeights(service(), ordered(0, 100)))
        .as("already set")
        .containsEntry("site-b", 100);
    dns.verify(1, postRequestedFor(urlPathEqualTo(RRSET)));
  }

  @Test
  void aRecordSetWithoutAnItemForASiteIsATopologyError() {
    dns.stubFor(
        get(urlPathEqualTo(RRSET))
            .willReturn(
                json(
                    """
        {"name": "orders.example.com.", "type": "A", "ttl": 60,
         "routingPolicy": {"wrr": {"items": [{"weight": 100, "rrdatas": ["192.0.2.10"]}]}}}""")));

    ApplicationFailure e =
        catchThrowableOfType(ApplicationFailure.class, () -> router.weights(service()));

    assertThat(e.getType()).isEqualTo("INVALID_INPUT");
    assertThat(e.getOriginalMessage())
        .contains("no weighted item for site-b (rrdata '192.0.2.20')");
    dns.verify(0, postRequestedFor(WireMock.anyUrl()));
  }

  private static String rrset(int a, int b) {
    return """
        {"name": "orders.example.com.", "type": "A", "ttl": 60,
         "routingPolicy": {"wrr": {"items": [
           {"weight": %d.0, "rrdatas": ["192.0.2.10"]},
           {"weight": %d.0, "rrdatas": ["192.0.2.20"]}]}}}"""
        .formatted(a, b);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      String body) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(body);
  }

  static ServiceTopology service() {
    var cloud =
        new ServiceTopology.CloudRouter(
            "gcp-central",
            "orders.example.com",
            "A",
            null,
            Map.of("site-a", "192.0.2.10", "site-b", "192.0.2.20"));
    var traffic =
        new ServiceTopology.Traffic(
            "clouddns", null, "orders-zone", "http://orders.example.com", cloud, List.of());
    Map<String, ServiceTopology.SiteEndpoints> sites = new LinkedHashMap<>();
    sites.put("site-a", new ServiceTopology.SiteEndpoints("http://127.0.0.1:1", null, "site-a"));
    sites.put("site-b", new ServiceTopology.SiteEndpoints("http://127.0.0.1:2", null, "site-b"));
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

  static Map<String, Integer> ordered(int a, int b) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    weights.put("site-a", a);
    weights.put("site-b", b);
    return weights;
  }
}
