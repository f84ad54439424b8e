package dev.standby.adapters.health;

import dev.standby.model.health.CheckResult;
import dev.standby.model.health.HealthReport;
import dev.standby.model.health.HttpCheck;
import dev.standby.topology.ServiceTopology;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * One HTTP GET of a site's health endpoint. Whatever happens becomes a {@link HealthReport}: a
 * probe that cannot reach the app is an answer ({@code reachable=false}), never an exception.
 */
public class HttpHealthProbe {
  private final HttpClient client;

  public HttpHealthProbe() {
    this(
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build());
  }

  public HttpHealthProbe(HttpClient client) {
    this.client = client;
  }

  /**
   * @param appUrl the site's app, e.g. {@code http://127.0.0.1:18081}; the check's path is appended
   */
  public HealthReport probe(String site, String appUrl, ServiceTopology.HealthCheck check) {
    long budget = check.latencyBudget().toMillis();
    long probedAt = System.currentTimeMillis();
    long started = System.nanoTime();
    try {
      // The request timeout covers connecting too, so a blackholed address answers within the
      // timeout.
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(join(appUrl, check.path())))
              .timeout(check.timeout())
              .header("Accept", "application/json")
              .GET()
              .build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      long latency = millisSince(started);
      HealthBody body = HealthBody.parse(response.body());
      return new HealthReport(
          site,
          true,
          response.statusCode(),
          body.status,
          body.components,
          latency,
          budget,
          probedAt,
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unreachable(site, started, budget, probedAt, "interrupted");
    } catch (HttpTimeoutException e) {
      return unreachable(
          site,
          started,
          budget,
          probedAt,
          "no answer within " + check.timeout().toMillis() + " ms");
    } catch (ConnectException e) {
      // The JDK client often leaves the message empty: say what failed.
      return unreachable(
          site,
          started,
          budget,
          probedAt,
          "cannot connect to "
              + appUrl
              + (e.getMessage() == null ? " (connection refused)" : ": " + e.getMessage()));
    } catch (IOException | IllegalArgumentException e) {
      return unreachable(
          site, started, budget, probedAt, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /**
   * An integration check (a drill's {@code checks}): one GET of {@code check}'s path on the site's
   * app, passed when it answers the expected status. An app that does not answer is a failed check,
   * not an exception.
   */
  public CheckResult check(String appUrl, HttpCheck check, Duration timeout) {
    String url = join(appUrl, check.path());
    long started = System.nanoTime();
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      long took = millisSince(started);
      boolean passed = response.statusCode() == check.expectStatus();
      return new CheckResult(
          check.name(),
          url,
          response.statusCode(),
          passed,
          took,
          passed
              ? "HTTP " + response.statusCode()
              : "expected HTTP "
                  + check.expectStatus()
                  + ", got "
                  + response.statusCode()
                  + ": "
                  + abbreviate(response.body()));
    } catch (IOException e) {
      return new CheckResult(check.name(), url, 0, false, millisSince(started), "no answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String abbreviate(String body) {
    return body.length() <= 200 ? body : body.substring(0, 200) + "...";
  }

  private static HealthReport unreachable(
      String site, long started, long budget, long probedAt, String error) {
    return new HealthReport(
        site, false, 0, null, Map.of(), millisSince(started), budget, probedAt, error);
  }

  static String join(String base, String path) {
    String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return b + (path.startsWith("/") ? path : "/" + path);
  }

  private static long millisSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
