package dev.standby.adapters.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.model.readiness.ReadinessFacts.Probe;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Slack's {@code auth.test} with the worker's bot token: a read-only call that says whether
 * approvals and alarms would reach people now.
 */
public final class SlackReachability {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String token;
  private final String apiUrl;

  public SlackReachability(String token, String apiUrl) {
    this.token = token;
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
  }

  public Probe probe() {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(apiUrl + "auth.test"))
                  .timeout(Duration.ofSeconds(5))
                  .header("Authorization", "Bearer " + token)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(r.body());
      boolean ok = r.statusCode() == 200 && body.path("ok").asBoolean(false);
      return new Probe(
          "slack",
          ok,
          ok
              ? "auth.test ok as " + body.path("user").asText("?")
              : "auth.test answered " + r.statusCode() + " " + body.path("error").asText(""));
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return new Probe("slack", false, "auth.test: " + e.getMessage());
    }
  }
}
