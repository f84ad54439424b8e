package dev.standby.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  /** {@code GET /services} as the API answers it: one service held by a failover, one down. */
  private static final String SERVICES =
      """
      [{"service":"payments","primarySite":"site-b","protected":true,"protection":"site-a streams",
        "operation":{"kind":"failover","workflowId":"failover/payments","runId":"r1","requestedBy":"olga",
                     "planned":true,"startedAt":"2026-12-06T02:00:00Z","uiUrl":"http://ui/failover%2Fpayments/r1/history"},
        "watching":true,"alarms":["site-a was a second writable primary: fenced"]},
       {"service":"orders","unavailable":"its workflow service/orders is not running"}]""";

  /** {@code GET /services/payments}: all of its state, history newest first. */
  private static final String PAYMENTS =
      """
      {"service":"payments","primarySite":"site-b","protected":true,
       "protection":"site-a streams from site-b, 120 ms behind",
       "operation":{"kind":"drill","workflowId":"drill/payments","runId":"r9","requestedBy":"carol",
                    "planned":true,"startedAt":"2026-12-06T02:00:00Z",
                    "uiUrl":"http://ui/namespaces/default/workflows/drill%2Fpayments/r9/history"},
       "watching":false,"alarms":[],
       "sites":[{"site":"site-a","role":"REPLICA","condition":"HEALTHY","primary":false,"follows":"site-b",
                 "streaming":true,"lagMillis":120,"writable":false},
                {"site":"site-b","role":"PRIMARY","condition":"HEALTHY","primary":true,"streaming":false,
                 "writable":true}],
       "history":[
         {"what":"fence","endedAt":"2026-12-06T01:59:00Z","requestedBy":"standby","detail":"site-a fenced"},
         {"what":"failover","endedAt":"2026-12-06T01:50:00Z","outcome":"COMPLETED","requestedBy":"olga",
          "fromSite":"site-a","toSite":"site-b","rtoMillis":4300,"lostWrites":0},
         {"what":"backup","endedAt":"2026-12-06T01:40:00Z","outcome":"COMPLETED"},
         {"what":"backup","endedAt":"2026-12-06T01:30:00Z","outcome":"COMPLETED"},
         {"what":"backup","endedAt":"2026-12-06T01:20:00Z","outcome":"SKIPPED"},
         {"what":"drill","endedAt":"2026-12-06T01:10:00Z","outcome":"COMPLETED"}],
       "updatedAt":"2026-12-06T02:00:01Z",
       "workflow":{"workflowId":"service/payments","runId":"s1","uiUrl":"http://ui/service"}}""";

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
          } else if (path.equals("/services")) {
            answer = SERVICES;
          } else if (path.equals("/services/payments")) {
            answer = PAYMENTS;
          } else if (path.equals("/services/orders")) {
            status = 503;
            answer =
                "{\"error\":\"the state of orders is not available: its workflow service/orders"
                    + " is not running (TERMINATED). Is the worker running?\"}";
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

  @Test
  void statusListsEveryServiceWithItsPrimaryProtectionAndOperation() {
    assertThat(cli("status")).isZero();

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines())
        .containsExactly(
            "SERVICE          PRIMARY    PROTECTED  MONITOR  OPERATION",
            "payments         site-b     yes        on       failover/payments by olga",
            "                 ALARM: site-a was a second writable primary: fenced",
            "orders           unavailable: its workflow service/orders is not running");
    assertThat(requests).containsExactly("GET /services  Bearer t0k");
  }

  @Test
  void statusOfAServiceShowsItsSitesOperationWithItsLinkAndRecentHistory() {
    assertThat(cli("status", "payments")).isZero();

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .startsWith(
            "payments: primary site-b, protected (site-a streams from site-b, 120 ms behind),"
                + " monitor off\n"
                + "operation: drill drill/payments by carol (planned) since 2026-12-06T02:00:00Z\n"
                + "  http://ui/namespaces/default/workflows/drill%2Fpayments/r9/history\n")
        .contains(
            "SITE       ROLE     CONDITION     FOLLOWS  LAG\n"
                + "site-a     REPLICA  HEALTHY       site-b   120 ms\n"
                + "site-b     PRIMARY  HEALTHY       -        -\n")
        .contains(
            "history, newest first:\n"
                + "2026-12-06T01:59:00Z  fence  by standby  site-a fenced\n"
                + "2026-12-06T01:50:00Z  failover site-a -> site-b  COMPLETED  by olga  RTO 4300 ms"
                + "  lost 0\n")
        .as("the five newest entries only")
        .contains("2026-12-06T01:20:00Z")
        .doesNotContain("2026-12-06T01:10:00Z");
    assertThat(requests).containsExactly("GET /services/payments  Bearer t0k");
  }

  @Test
  void statusWithOutputJsonPrintsTheApisState() throws Exception {
    assertThat(cli("status", "payments", "--output", "json")).isZero();

    JsonNode printed = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(printed).isEqualTo(new ObjectMapper().readTree(PAYMENTS));
  }

  @Test
  void statusOfAServiceWhoseStateIsUnavailableExitsThreeWithTheApisMessage() {
    assertThat(cli("status", "orders")).isEqualTo(3);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "HTTP 503", "its workflow service/orders is not running", "Is the worker running?");
  }
}
