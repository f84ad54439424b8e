package dev.standby.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.api.ApiTestApp;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin port's {@code /prometheus}: the API's requests counted by status class and method, in
 * Prometheus' text format with units in the names.
 */
class PrometheusEndpointTest {
  @RegisterExtension static final ApiTestApp api = ApiTestApp.shared();

  @Test
  void requestsAreCountedByStatusClassAndMethod() {
    Map<String, Double> before = scrape();

    api.client().target("http://127.0.0.1:" + api.port() + "/openapi.yaml").request().get().close();
    api.request("/runs", null).get().close(); // no token: 401
    api.get("/no-such-path").close();

    // Jetty counts a request once its response is written, which the client may see first
    await("the three requests counted")
        .atMost(ApiTestApp.PATIENCE)
        .untilAsserted(
            () -> {
              Map<String, Double> after = scrape();
              assertThat(delta(before, after, "standby_api_requests_seconds_count")).isEqualTo(3);
              assertThat(
                      delta(
                          before,
                          after,
                          "standby_api_requests_by_method_seconds_count{method=\"get\"}"))
                  .isEqualTo(3);
              assertThat(delta(before, after, "standby_api_responses_total{code=\"2xx\"}"))
                  .isEqualTo(1);
              assertThat(delta(before, after, "standby_api_responses_total{code=\"4xx\"}"))
                  .isEqualTo(2);
            });
  }

  @Test
  void everySeriesHasTheStandbyPrefixAndItsUnit() {
    Map<String, Double> samples = scrape();

    assertThat(samples.keySet()).allMatch(s -> s.startsWith("standby_api_"));
    assertThat(samples)
        .containsKey("standby_api_requests_seconds{quantile=\"0.99\"}")
        .containsKey("standby_api_active_requests");
    assertThat(samples.keySet().stream().map(s -> s.replaceAll("\\{.*", "")).distinct())
        .allMatch(
            name ->
                name.endsWith("_seconds")
                    || name.endsWith("_seconds_count")
                    || name.endsWith("_total")
                    || name.endsWith("_bytes")
                    || name.equals("standby_api_active_requests")
                    || name.equals("standby_api_jvm_threads"));
  }

  /**
   * Grafana cannot be installed here by package name, so the dashboard's API panels are checked
   * against the names this endpoint really serves.
   */
  @Test
  void everyApiMetricTheDashboardQueriesIsServedHere() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(root.resolve("deploy/grafana/standby.json"))) {
      root = root.getParent();
      assertThat(root).as("deploy/grafana/standby.json above the module").isNotNull();
    }
    JsonNode dashboard =
        new ObjectMapper().readTree(root.resolve("deploy/grafana/standby.json").toFile());
    Set<String> named = new TreeSet<>();
    for (JsonNode expr : dashboard.findValues("expr")) {
      Matcher m = Pattern.compile("\\bstandby_api_[a-zA-Z0-9_]*").matcher(expr.asText());
      while (m.find()) {
        named.add(m.group());
      }
    }
    assertThat(named).isNotEmpty();

    Set<String> served = new TreeSet<>();
    scrape().keySet().forEach(s -> served.add(s.replaceAll("\\{.*", "")));
    assertThat(served).containsAll(named);
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
    assertThat(after).as("a scrape has " + key).containsKey(key);
    return after.get(key) - before.getOrDefault(key, 0.0);
  }

  private static Map<String, Double> scrape() {
    try (Response response = api.admin(PrometheusServlet.PATH)) {
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getMediaType().toString()).startsWith("text/plain");
      Map<String, Double> samples = new LinkedHashMap<>();
      String body = response.readEntity(String.class);
      for (String line : body.split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          int space = line.lastIndexOf(' ');
          samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
      }
      return samples;
    }
  }
}
