package dev.standby.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.standby.api.ApiTestApp;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAPI description is served without a token, and names every path and method the app
 * serves.
 */
class OpenApiTest {
  @RegisterExtension static final ApiTestApp api = ApiTestApp.shared();

  @Test
  void everyResourceMethodIsDescribedAndNothingElse() throws Exception {
    Response response =
        api.client().target("http://127.0.0.1:" + api.port() + "/openapi.yaml").request().get();
    assertThat(response.getStatus()).isEqualTo(200);
    JsonNode described =
        new ObjectMapper(new YAMLFactory()).readTree(response.readEntity(String.class));

    // Dropwizard's own listing of what it serves, the one it logs at start: "    GET
    // /failovers/{service} (...)".
    Set<String> served = new TreeSet<>();
    // A template with a regex ("/runs/{workflowId: [a-z]...}") is described by its name alone
    // ("/runs/{workflowId}").
    Matcher endpoint =
        Pattern.compile(
                "(?m)^\\s+(GET|POST|PUT|DELETE|PATCH)\\s+(\\S.*?) \\((dev\\.standby\\.api\\.[^)]+)\\)$")
            .matcher(
                api.extension().getEnvironment().jersey().getResourceConfig().getEndpointsInfo());
    while (endpoint.find()) {
      served.add(
          endpoint.group(1) + " " + endpoint.group(2).replaceAll("\\{(\\w+):[^}]*}", "{$1}"));
    }
    Set<String> inDescription = new TreeSet<>();
    described
        .path("paths")
        .fields()
        .forEachRemaining(
            path ->
                path.getValue()
                    .fieldNames()
                    .forEachRemaining(
                        verb ->
                            inDescription.add(
                                verb.toUpperCase(Locale.ROOT) + " " + path.getKey())));

    assertThat(served).hasSizeGreaterThanOrEqualTo(17);
    assertThat(inDescription).isEqualTo(served);
    assertThat(described.path("openapi").asText()).startsWith("3.");
  }
}
