package dev.standby.api.slack;

import com.slack.api.app_backend.SlackSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Requests to /slack/events signed exactly as Slack signs them (v0, HMAC-SHA256 of
 * "v0:timestamp:body").
 */
final class SignedSlack {
  static final String SECRET = "slack-signing-secret-for-tests";

  /**
   * Slack gives an app 3 s to answer; a deadline well past it, so a hung endpoint fails the test,
   * not the build.
   */
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(DEADLINE).build();
  private final int port;

  SignedSlack(int port) {
    this.port = port;
  }

  /** A click on a button, as Slack delivers a block_actions interaction. */
  static String click(
      String userId, String actionId, String value, String actionTs, String responseUrl) {
    String payload =
        """
        {"type":"block_actions","team":{"id":"T0TEST","domain":"standby"},"user":{"id":"%s","username":"u","team_id":"T0TEST"},
         "api_app_id":"A0TEST","token":"legacy","trigger_id":"1.2.3","response_url":"%s",
         "container":{"type":"message","message_ts":"1700000000.000001","channel_id":"C-stub","is_ephemeral":false},
         "channel":{"id":"C-stub","name":"payments-dr"},
         "actions":[{"type":"button","action_id":"%s","block_id":"standby_approval","value":"%s","action_ts":"%s",
                     "text":{"type":"plain_text","text":"Approve"}}]}
        """
            .formatted(userId, responseUrl, actionId, value, actionTs);
    return form(Map.of("payload", payload));
  }

  static String command(String userId, String text, String responseUrl) {
    return form(
        Map.of(
            "token",
            "legacy",
            "team_id",
            "T0TEST",
            "channel_id",
            "C-stub",
            "user_id",
            userId,
            "user_name",
            "u",
            "command",
            "/standby",
            "text",
            text,
            "response_url",
            responseUrl,
            "trigger_id",
            "1.2.3",
            "api_app_id",
            "A0TEST"));
  }

  HttpResponse<String> post(String body) {
    return post(body, SECRET, Instant.now().getEpochSecond());
  }

  HttpResponse<String> post(String body, String secret, long timestamp) {
    String ts = Long.toString(timestamp);
    String signature = new SlackSignature.Generator(secret).generate(ts, body);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + SlackEndpoint.PATH))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP, ts)
            .header(SlackSignature.HeaderNames.X_SLACK_SIGNATURE, signature)
            .timeout(DEADLINE)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
