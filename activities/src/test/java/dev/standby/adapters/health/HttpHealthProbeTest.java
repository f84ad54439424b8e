package dev.standby.adapters.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.sun.net.httpserver.HttpServer;
import dev.standby.model.health.CheckResult;
import dev.standby.model.health.HealthReport;
import dev.standby.model.health.HttpCheck;
import dev.standby.topology.ServiceTopology.HealthCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The probe against a real HTTP server on a free port, answering each path the way a health
 * endpoint might.
 */
class HttpHealthProbeTest {
  /**
   * Generous limits for the tests about what an answer means: a cold JVM on a busy machine can take
   * most of a second over its first request, and that must not read as an unhealthy site. The tests
   * about time set their own.
   */
  static final HealthCheck CHECK =
      new HealthCheck("/health", Duration.ofSeconds(10), Duration.ofSeconds(5));

  static HttpServer server;
  static String base;
  final HttpHealthProbe probe = new HttpHealthProbe();

  @BeforeAll
  static void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    answer(
        "/health",
        200,
        "{\"status\":\"ok\",\"database\":\"healthy\",\"cache\":\"healthy\",\"site\":\"site-a\"}",
        0);
    answer(
        "/replica",
        503,
        "{\"status\":\"degraded\",\"database\":\"read-only\",\"cache\":\"healthy\",\"site\":\"site-b\"}",
        0);
    answer(
        "/nested",
        200,
        "{\"status\":\"ok\",\"database\":{\"status\":\"healthy\",\"latencyMs\":2},\"uptime\":12,"
            + "\"ready\":true,\"version\":\"1.4.2\",\"queue\":\"stalled\"}",
        0);
    answer("/plain", 200, "OK", 0);
    answer("/slow", 200, "{\"status\":\"ok\"}", 300);
    answer("/hang", 200, "{\"status\":\"ok\"}", 3_000);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stopServer() {
    server.stop(0);
  }

  @Test
  void aHealthyAppIsHealthyAndItsSiteIsNotAComponent() {
    HealthReport report = probe.probe("site-a", base, CHECK);

    assertThat(report.reachable()).isTrue();
    assertThat(report.httpStatus()).isEqualTo(200);
    assertThat(report.status()).isEqualTo("ok");
    assertThat(report.components())
        .containsExactly(entry("database", "healthy"), entry("cache", "healthy"));
    assertThat(report.latencyMillis()).isBetween(0L, 5_000L);
    assertThat(report.latencyBudgetMillis()).isEqualTo(5_000);
    assertThat(report.probedAtMillis())
        .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5_000L));
    assertThat(report.error()).isNull();
    assertThat(report.healthy()).isTrue();
  }

  @Test
  void anIntegrationCheckPassesOnItsStatusAndFailsOnAnotherOrOnNoAnswer() throws IOException {
    CheckResult passed =
        probe.check(base + "/", new HttpCheck("health", "/health", 200), CHECK.timeout());
    assertThat(passed.passed()).isTrue();
    assertThat(passed.url()).isEqualTo(base + "/health");
    assertThat(passed.detail()).isEqualTo("HTTP 200");

    CheckResult wrongStatus =
        probe.check(base, new HttpCheck("replica", "replica", 200), CHECK.timeout());
    assertThat(wrongStatus.passed()).isFalse();
    assertThat(wrongStatus.status()).isEqualTo(503);
    assertThat(wrongStatus.detail())
        .startsWith("expected HTTP 200, got 503: {\"status\":\"degraded\"");

    int closed;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = free.getLocalPort();
    }
    CheckResult noAnswer =
        probe.check(
            "http://127.0.0.1:" + closed, new HttpCheck("down", "/health", 200), CHECK.timeout());
    assertThat(noAnswer.passed()).isFalse();
    assertThat(noAnswer.status()).isZero();
    assertThat(noAnswer.detail()).startsWith("no answer: ");
  }

  @Test
  void aReplicaSiteAnswers503ButIsReadyToTakeOver() {
    HealthReport report =
        probe.probe(
            "site-b", base, new HealthCheck("/replica", CHECK.timeout(), CHECK.latencyBudget()));

    assertThat(report.reachable()).isTrue();
    assertThat(report.httpStatus()).isEqualTo(503);
    assertThat(report.components())
        .containsExactly(entry("database", "read-only"), entry("cache", "healthy"));
    assertThat(report.healthy()).isFalse();
    assertThat(report.readyToTakeOver()).isTrue();
  }

  @Test
  void objectsWithAStatusAreComponentsAndOtherValuesAreDetails() {
    HealthReport report =
        probe.probe(
            "site-a",
            base + "/",
            new HealthCheck("nested", CHECK.timeout(), CHECK.latencyBudget()));

    // 'queue' is a string nobody declared: it counts, and its 'stalled' makes the site unhealthy.
    assertThat(report.components())
        .containsExactly(entry("database", "healthy"), entry("queue", "stalled"));
    assertThat(report.healthy()).isFalse();
  }

  @Test
  void aBodyThatIsNotJsonHasNoStatus() {
    HealthReport report =
        probe.probe(
            "site-a", base, new HealthCheck("/plain", CHECK.timeout(), CHECK.latencyBudget()));

    assertThat(report.reachable()).isTrue();
    assertThat(report.status()).isNull();
    assertThat(report.components()).isEmpty();
    assertThat(report.healthy()).isFalse();
  }

  @Test
  void anAnswerOverTheLatencyBudgetIsNotHealthy() {
    HealthReport report =
        probe.probe(
            "site-a", base, new HealthCheck("/slow", CHECK.timeout(), Duration.ofMillis(100)));

    assertThat(report.reachable()).isTrue();
    assertThat(report.latencyMillis()).isGreaterThanOrEqualTo(300L);
    assertThat(report.healthy()).isFalse();
  }

  @Test
  void noAnswerWithinTheTimeoutIsUnreachable() {
    HealthReport report =
        probe.probe(
            "site-a",
            base,
            new HealthCheck("/hang", Duration.ofMillis(500), CHECK.latencyBudget()));

    assertThat(report.reachable()).isFalse();
    assertThat(report.httpStatus()).isZero();
    assertThat(report.error()).isEqualTo("no answer within 500 ms");
    // Gave up at its timeout instead of waiting for the answer that comes after three seconds.
    assertThat(report.latencyMillis()).isBetween(500L, 2_900L);
    assertThat(report.components()).isEmpty();
  }

  @Test
  void aClosedPortIsUnreachableAtOnce() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    HealthReport report = probe.probe("site-a", "http://127.0.0.1:" + closed, CHECK);

    assertThat(report.reachable()).isFalse();
    assertThat(report.error()).startsWith("cannot connect to http://127.0.0.1:" + closed);
    // Refused at once, not after the ten-second timeout.
    assertThat(report.latencyMillis()).isLessThan(5_000);
    assertThat(report.summary()).startsWith("unreachable: cannot connect");
  }

  private static void answer(String path, int status, String body, long delayMillis) {
    server.createContext(
        path,
        exchange -> {
          try {
            Thread.sleep(delayMillis);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
          } catch (InterruptedException | IOException e) {
            // the client gave up: nothing to answer
          } finally {
            exchange.close();
          }
        });
  }
}
