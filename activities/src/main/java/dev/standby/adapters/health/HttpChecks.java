package dev.standby.adapters.health;

import dev.standby.model.CheckResult;
import dev.standby.model.HttpCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Integration checks: one GET per check against a site's app; an app that does not answer is a failed check. */
public final class HttpChecks {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public CheckResult run(String appUrl, HttpCheck check, Duration timeout) {
    String url = appUrl + check.path();
    long start = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      long took = (System.nanoTime() - start) / 1_000_000;
      boolean passed = response.statusCode() == check.expectStatus();
      return new CheckResult(check.name(), url, response.statusCode(), passed, took, passed ? "HTTP " + response.statusCode()
          : "expected HTTP " + check.expectStatus() + ", got " + response.statusCode() + ": " + abbreviate(response.body()));
    } catch (java.io.IOException e) {
      return new CheckResult(check.name(), url, 0, false, (System.nanoTime() - start) / 1_000_000, "no answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String abbreviate(String body) {
    return body.length() <= 200 ? body : body.substring(0, 200) + "...";
  }
}
