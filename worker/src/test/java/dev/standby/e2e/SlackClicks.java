package dev.standby.e2e;

import com.slack.api.app_backend.SlackSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Button clicks posted to the API's /slack/events, signed as Slack signs them (v0, HMAC-SHA256 of
 * v0:ts:body).
 */
final class SlackClicks {
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger sequence = new AtomicInteger();
  private final String endpoint;
  private final String secret;
  private final String responseUrlBase;

  /**
   * @param responseUrlBase where Slack would take the answer: the Web API stub, so replies are
   *     recorded
   */
  SlackClicks(int apiPort, String secret, String responseUrlBase) {
    this.endpoint = "http://127.0.0.1:" + apiPort + "/slack/events";
    this.secret = secret;
    this.responseUrlBase = responseUrlBase;
  }

  HttpResponse<String> click(String userId, String actionId, String value) {
    int n = sequence.incrementAndGet();
    String payload =
        """
        {"type":"block_actions","team":{"id":"T0E2E","domain":"standby"},"user":{"id":"%s","username":"u","team_id":"T0E2E"},
         "api_app_id":"A0E2E","token":"legacy","trigger_id":"1.2.%d","response_url":"%srespond/%d",
         "container":{"type":"message","message_ts":"1700000000.000001","channel_id":"C0PAYMENTS","is_ephemeral":false},
         "channel":{"id":"C0PAYMENTS","name":"payments-dr"},
         "actions":[{"type":"button","action_id":"%s","block_id":"standby_approval","value":"%s","action_ts":"1700000200.%d",
                     "text":{"type":"plain_text","text":"Approve"}}]}
        """
            .formatted(userId, n, responseUrlBase, n, actionId, value, n);
    String body = "payload=" + URLEncoder.encode(payload, StandardCharsets.UTF_8);
    String ts = Long.toString(Instant.now().getEpochSecond());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoint))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP, ts)
            .header(
                SlackSignature.HeaderNames.X_SLACK_SIGNATURE,
                new SlackSignature.Generator(secret).generate(ts, body))
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
}
