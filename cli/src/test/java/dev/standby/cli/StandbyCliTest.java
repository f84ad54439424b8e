package dev.standby.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI against a small HTTP server in this JVM that answers as the API does. */
class StandbyCliTest {
  private HttpServer server;
  private final List<String> requests = new ArrayList<>();
  private final AtomicInteger polls = new AtomicInteger();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void api() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String path = ex.getRequestURI().toString();
          synchronized (requests) {
            requests.add(
                ex.getRequestMethod()
                    + " "
                    + path
                    + " "
                    + body
                    + " "
                    + ex.getRequestHeaders().getFirst("Authorization"));
          }
          int status = 200;
          String answer;
          if (path.equals("/runs/failover/payments/approve")) {
            status = 409;
            answer = "{\"error\":\"failover/payments waits for approve-failover, not nope\"}";
          } else if (path.equals("/failovers")) {
            status = 202;
            answer = "{\"workflowId\":\"failover/payments\",\"runId\":\"r1\"}";
          } else if (path.equals("/runs/failover/payments")) {
            answer =
                polls.incrementAndGet() < 2
                    ? "{\"status\":\"RUNNING\",\"progress\":{\"timeline\":[{\"name\":\"check-target\",\"status\":\"RUNNING\",\"startedAtMillis\":1}]}}"
                    : "{\"workflowId\":\"failover/payments\",\"status\":\"FAILED\",\"result\":{\"rtoMillis\":1500,\"steps\":["
                        + "{\"name\":\"check-target\",\"status\":\"FAILED\",\"startedAtMillis\":1,\"endedAtMillis\":11,\"detail\":\"lagging\"}]}}";
          } else {
            status = 404;
            answer = "{\"error\":\"no such thing\"}";
          }
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(status, bytes.length);
          ex.getResponseBody().write(bytes);
          ex.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private int cli(String... args) {
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    return StandbyCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of("STANDBY_URL", url, "STANDBY_TOKEN", "t0k", "XDG_CONFIG_HOME", "/nonexistent"));
  }

  @Test
  void aRefusedApprovalExitsNonZeroWithTheApisMessage() {
    assertThat(cli("approve", "failover/payments", "--step", "nope")).isEqualTo(3);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("HTTP 409", "waits for approve-failover, not nope");
    assertThat(requests)
        .containsExactly("POST /runs/failover/payments/approve {\"step\":\"nope\"} Bearer t0k");
  }

  @Test
  void aFailoverIsStartedAsAskedAndFollowedToItsEndWhoseFailureIsTheExitCode() {
    assertThat(cli("failover", "payments", "--unplanned", "--to", "site-b", "--reason", "fire"))
        .isEqualTo(1);
    assertThat(requests.get(0))
        .isEqualTo(
            "POST /failovers {\"service\":\"payments\",\"targetSite\":\"site-b\",\"mode\":\"UNPLANNED\",\"reason\":\"fire\"} Bearer t0k");
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "> check-target",
            "FAILED check-target (10 ms): lagging",
            "failover/payments FAILED",
            "rtoMillis: 1.5 s");
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(cli("failover")).isEqualTo(2);
    assertThat(cli("watch", "payments")).isEqualTo(2);
    assertThat(cli("failover", "payments", "--planned", "--unplanned")).isEqualTo(2);
    assertThat(requests).isEmpty();
  }

  @Test
  void anUnreachableApiExitsTwoNamingTheUrl() {
    int code =
        StandbyCli.run(
            new String[] {"--url", "http://127.0.0.1:1", "status"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("cannot reach the API at http://127.0.0.1:1");
  }

  @Test
  void completionPrintsABashScript() {
    assertThat(cli("completion")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("complete -F", "standby");
  }

  @Test
  void outputJsonAfterTheSubcommandPrintsTheApisJson() {
    assertThat(cli("failover", "payments", "--no-watch", "--output", "json")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("\"workflowId\" : \"failover/payments\"");
  }
}
