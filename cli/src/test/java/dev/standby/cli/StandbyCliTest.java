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
  private final AtomicInteger failbackPolls = new AtomicInteger();

  /**
   * {@code GET /runs/failback/payments} as a failback to site-a goes, one answer per poll: the 10%
   * step baking, the 10% step measured and the 50% step baking, then the run completed.
   */
  private static final List<String> FAILBACK =
      List.of(
          """
          {"workflowId":"failback/payments","status":"RUNNING",
           "progress":{"service":"payments","targetSite":"site-a","state":"RUNNING","currentStep":"shift-10%",
            "configuredSteps":[10,50,100],"weights":{"site-a":10,"site-b":90},
            "measurements":[
             {"targetPercent":10,"phase":"shift","weights":{"site-a":10,"site-b":90},"weightsSetAtMillis":1000,
              "endedAtMillis":null,"samples":1,"requests":20,"servedBySite":{"site-a":2,"site-b":18},
              "errorsBySite":{},"worstTargetP95Millis":30,"gate":null}],
            "timeline":[
             {"name":"resync-site-a","status":"COMPLETED","startedAtMillis":0,"endedAtMillis":900},
             {"name":"shift-10%","status":"RUNNING","startedAtMillis":1000}]}}""",
          """
          {"workflowId":"failback/payments","status":"RUNNING",
           "progress":{"service":"payments","targetSite":"site-a","state":"RUNNING","currentStep":"shift-50%",
            "configuredSteps":[10,50,100],"weights":{"site-a":50,"site-b":50},
            "measurements":[
             {"targetPercent":10,"phase":"shift","weights":{"site-a":10,"site-b":90},"weightsSetAtMillis":1000,
              "endedAtMillis":6000,"samples":5,"requests":200,"servedBySite":{"site-a":21,"site-b":179},
              "errorsBySite":{},"worstTargetP95Millis":35,"gate":"passed"}],
            "timeline":[
             {"name":"resync-site-a","status":"COMPLETED","startedAtMillis":0,"endedAtMillis":900},
             {"name":"shift-10%","status":"COMPLETED","startedAtMillis":1000,"endedAtMillis":6000,
              "detail":"weights {site-a=10, site-b=90}; measured site-a 10.5% site-b 89.5% of 200 requests"},
             {"name":"shift-50%","status":"RUNNING","startedAtMillis":6000}]}}""",
          """
          {"workflowId":"failback/payments","status":"COMPLETED",
           "result":{"service":"payments","targetSite":"site-a","fromSite":"site-b","outcome":"COMPLETED",
            "weights":{"site-a":100,"site-b":0},
            "measurements":[
             {"targetPercent":10,"phase":"shift","weights":{"site-a":10,"site-b":90},"weightsSetAtMillis":1000,
              "endedAtMillis":6000,"samples":5,"requests":200,"servedBySite":{"site-a":21,"site-b":179},
              "errorsBySite":{},"worstTargetP95Millis":35,"gate":"passed"},
             {"targetPercent":50,"phase":"shift","weights":{"site-a":50,"site-b":50},"weightsSetAtMillis":6000,
              "endedAtMillis":11000,"samples":5,"requests":400,"servedBySite":{"site-a":200,"site-b":199},
              "errorsBySite":{"site-b":1},"worstTargetP95Millis":41,"gate":"passed"},
             {"targetPercent":100,"phase":"shift","weights":{"site-a":100,"site-b":0},"weightsSetAtMillis":11000,
              "endedAtMillis":16000,"samples":5,"requests":300,"servedBySite":{"site-a":300},
              "errorsBySite":{},"worstTargetP95Millis":38,"gate":"passed"}],
            "steps":[
             {"name":"resync-site-a","status":"COMPLETED","startedAtMillis":0,"endedAtMillis":900},
             {"name":"shift-10%","status":"COMPLETED","startedAtMillis":1000,"endedAtMillis":6000,
              "detail":"weights {site-a=10, site-b=90}; measured site-a 10.5% site-b 89.5% of 200 requests"},
             {"name":"shift-50%","status":"COMPLETED","startedAtMillis":6000,"endedAtMillis":11000},
             {"name":"shift-100%","status":"COMPLETED","startedAtMillis":11000,"endedAtMillis":16000},
             {"name":"switch-database","status":"COMPLETED","startedAtMillis":16000,"endedAtMillis":18500,
              "detail":"site-a promoted"}],
            "switchover":{"zeroLossProven":true,"sourceFinalLsn":"0/3000060","targetReplayLsn":"0/3000060",
             "summary":"none: site-a replayed to 0/3000060, the final LSN of site-b"},
            "startedAtMillis":0,"completedAtMillis":18500}}""");

  /**
   * {@code GET /runs/failback/orders}: the 50% step's one-minute bake as it is polled at {@link
   * #BAKE_CLOCK}'s moments (the last time paused), then the run completed.
   */
  private static final List<String> BAKING =
      List.of(
          baking("RUNNING", 12),
          baking("RUNNING", 60),
          baking("PAUSED", 120),
          """
          {"workflowId":"failback/orders","status":"COMPLETED",
           "result":{"targetSite":"site-a","outcome":"COMPLETED",
            "measurements":[
             {"targetPercent":50,"phase":"shift","weights":{"site-a":50,"site-b":50},"weightsSetAtMillis":100000,
              "bakeEndsAtMillis":160000,"endedAtMillis":172000,"samples":6,"requests":240,
              "servedBySite":{"site-a":121,"site-b":119},"errorsBySite":{},"worstTargetP95Millis":12,"gate":"passed"}],
            "steps":[{"name":"shift-50%","status":"COMPLETED","startedAtMillis":100000,"endedAtMillis":172000}]}}""");

  /** This machine's clock at each poll of {@link #BAKING}: 6 s, 30 s and 48 s into the bake. */
  private static final long[] BAKE_CLOCK = {106_000, 130_000, 148_000, 173_000};

  private final AtomicInteger bakingPolls = new AtomicInteger();

  private static String baking(String state, int requests) {
    return """
        {"workflowId":"failback/orders","status":"RUNNING",
         "progress":{"service":"orders","targetSite":"site-a","state":"%s","currentStep":"shift-50%%",
          "configuredSteps":[50,100],"weights":{"site-a":50,"site-b":50},
          "measurements":[
           {"targetPercent":50,"phase":"shift","weights":{"site-a":50,"site-b":50},"weightsSetAtMillis":100000,
            "bakeEndsAtMillis":160000,"endedAtMillis":null,"samples":1,"requests":%d,
            "servedBySite":{"site-a":%d,"site-b":%d},"errorsBySite":{},"worstTargetP95Millis":12,"gate":"baking"}],
          "timeline":[{"name":"shift-50%%","status":"RUNNING","startedAtMillis":100000}]}}"""
        .formatted(state, requests, requests / 2, requests - requests / 2);
  }

  /**
   * {@code GET /runs/region/site-a} as a plan of two groups goes, one answer per poll: ledger's
   * group failing over (search skipped), group 2 waiting for approval, group 2 failing over, then
   * the plan completed with orders not moved.
   */
  private static final List<String> REGION =
      List.of(
          region(
              "group 1 of 2 failing over",
              1,
              null,
              service("ledger", 1, "RUNNING", null, null, null, null),
              service("payments", 2, "PENDING", null, null, null, null),
              service("orders", 2, "PENDING", null, null, null, null),
              service("search", 0, "SKIPPED", null, null, null, "its primary is site-b")),
          region(
              "waiting for approval of group 2 (payments, orders)",
              2,
              "group-2",
              service("ledger", 1, "SUCCEEDED", "site-b", 4200L, 0L, "none: replayed"),
              service("payments", 2, "PENDING", null, null, null, null),
              service("orders", 2, "PENDING", null, null, null, null),
              service("search", 0, "SKIPPED", null, null, null, "its primary is site-b")),
          region(
              "group 2 of 2 failing over",
              2,
              null,
              service("ledger", 1, "SUCCEEDED", "site-b", 4200L, 0L, "none: replayed"),
              service("payments", 2, "RUNNING", null, null, null, null),
              service("orders", 2, "RUNNING", null, null, null, null),
              service("search", 0, "SKIPPED", null, null, null, "its primary is site-b")),
          """
          {"workflowId":"region/site-a","status":"COMPLETED","kind":"region","site":"site-a",
           "startedAt":"2026-12-06T05:00:00Z","closedAt":"2026-12-06T05:00:42Z",
           "result":{"site":"site-a","outcome":"PARTIAL","startedAtMillis":0,"completedAtMillis":42000,
            "incidentStartedAtMillis":null,"planRtoMillis":31000,
            "services":[%s,%s,%s,%s],
            "notes":["group 2: approved by olga (from the CLI)"]}}"""
              .formatted(
                  service("ledger", 1, "SUCCEEDED", "site-b", 4200L, 0L, "none: replayed"),
                  service("payments", 2, "SUCCEEDED", "site-b", 31000L, 1500L, "1.5 s of writes"),
                  service(
                      "orders", 2, "FAILED", null, null, null, "site-b is 40 MB behind: refused"),
                  service("search", 0, "SKIPPED", null, null, null, "its primary is site-b")));

  private final AtomicInteger regionPolls = new AtomicInteger();

  private static String region(String phase, int group, String waiting, String... services) {
    return """
        {"workflowId":"region/site-a","status":"RUNNING","kind":"region","site":"site-a",
         "progress":{"site":"site-a","phase":"%s","group":%d,"groups":2,"waitingForApproval":%s,
          "services":[%s]}}"""
        .formatted(
            phase,
            group,
            waiting == null ? "null" : "\"" + waiting + "\"",
            String.join(",", services));
  }

  /** One service of a region plan's progress or result. */
  private static String service(
      String name, int group, String status, String target, Long rto, Long rpo, String detail) {
    return """
        {"service":"%s","group":%d,"status":"%s","targetSite":%s,"workflowId":%s,
         "servedAtMillis":null,"rtoMillis":%s,"rpoMillis":%s,"detail":%s}"""
        .formatted(
            name,
            group,
            status,
            target == null ? "null" : "\"" + target + "\"",
            status.equals("PENDING") || status.equals("SKIPPED")
                ? "null"
                : "\"failover/" + name + "\"",
            rto,
            rpo,
            detail == null ? "null" : "\"" + detail + "\"");
  }

  /** {@code GET /runs/region/site-c}: a plan for a site where no service has its primary. */
  private static final String NOTHING_TO_MOVE =
      """
      {"workflowId":"region/site-c","status":"COMPLETED","kind":"region","site":"site-c",
       "result":{"site":"site-c","outcome":"NOTHING_TO_MOVE","startedAtMillis":0,"completedAtMillis":30,
        "planRtoMillis":null,
        "services":[{"service":"search","group":0,"status":"SKIPPED","detail":"its primary is site-b"}],
        "notes":[]}}""";

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
          if (path.equals("/runs/failback/payments/abort")) {
            status = 202;
            answer =
                "{\"workflowId\":\"failback/payments\",\"runId\":\"r2\",\"action\":\"abort\","
                    + "\"by\":\"olga\",\"via\":\"signal\",\"uiUrl\":\"http://ui/failback\"}";
          } else if (path.equals("/runs/failover/orders/abort")) {
            status = 409;
            answer =
                "{\"error\":\"the failover of orders (failover/orders) is not running (COMPLETED):"
                    + " nothing to abort\"}";
          } else if (path.equals("/runs/failover/payments/approve")) {
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
          } else if (path.equals("/failbacks")) {
            status = 202;
            answer = "{\"workflowId\":\"failback/payments\",\"runId\":\"r2\"}";
          } else if (path.equals("/runs/failback/payments")) {
            answer = FAILBACK.get(Math.min(failbackPolls.getAndIncrement(), FAILBACK.size() - 1));
          } else if (path.equals("/runs/failback/orders")) {
            answer = BAKING.get(Math.min(bakingPolls.getAndIncrement(), BAKING.size() - 1));
          } else if (path.equals("/region-failovers")) {
            String site = body.replaceAll(".*\"site\":\"([^\"]*)\".*", "$1");
            if (site.equals("site-q")) {
              status = 404;
              answer =
                  "{\"error\":\"unknown site 'site-q' (the topology has: site-a, site-b, site-c)\"}";
            } else {
              status = 202;
              answer = "{\"workflowId\":\"region/" + site + "\",\"runId\":\"r3\"}";
            }
          } else if (path.equals("/runs/region/site-a")) {
            answer = REGION.get(Math.min(regionPolls.getAndIncrement(), REGION.size() - 1));
          } else if (path.equals("/runs/region/site-c")) {
            answer = NOTHING_TO_MOVE;
          } else if (path.equals("/runs/region/site-b")) {
            status = 404;
            answer =
                "{\"error\":\"no region of site-b has been started (workflow id region/site-b)\"}";
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
  void abortPostsToTheRunAndSaysHowItWasSent() {
    assertThat(cli("abort", "failback/payments")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "abort sent to failback/payments (its abort signal); see how it ends: standby watch"
                + " failback/payments");
    assertThat(requests).containsExactly("POST /runs/failback/payments/abort {} Bearer t0k");
  }

  @Test
  void abortingARunThatEndedExitsThreeWithTheApisMessage() {
    assertThat(cli("abort", "failover/orders")).isEqualTo(3);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("HTTP 409", "is not running (COMPLETED): nothing to abort");
  }

  @Test
  void abortNeedsARunNotAService() {
    assertThat(cli("abort", "payments")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "a run is kind/service, e.g. failover/payments: payments", "Usage: standby abort");
    assertThat(requests).isEmpty();
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
            "RTO 1.5 s");
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

  @Test
  void watchingAFailbackShowsEachTrafficStepWithItsBarAndMeasuredSplitThenTheRpo() {
    // The shift steps' own details repeat the measured split on one long line: left off where the
    // measured line is printed; other steps keep theirs.
    assertThat(cli("watch", "failback/payments")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "watching failback/payments: RUNNING",
            "> resync-site-a",
            "  COMPLETED resync-site-a (900 ms)",
            "> shift-10%",
            "  traffic [##..................]  10% to site-a (step 1 of 3)",
            "  measured: site-a 10.5%, site-b 89.5% of 200 requests, 0 errors, site-a p95 35 ms;"
                + " gate passed",
            "  COMPLETED shift-10% (5.0 s)",
            "> shift-50%",
            "  traffic [##########..........]  50% to site-a (step 2 of 3)",
            "  measured: site-a 50.0%, site-b 50.0% of 400 requests, 1 error, site-a p95 41 ms;"
                + " gate passed",
            "  COMPLETED shift-50% (5.0 s)",
            "> shift-100%",
            "  traffic [####################] 100% to site-a (step 3 of 3)",
            "  measured: site-a 100.0%, site-b 0.0% of 300 requests, 0 errors, site-a p95 38 ms;"
                + " gate passed",
            "  COMPLETED shift-100% (5.0 s)",
            "> switch-database",
            "  COMPLETED switch-database (2.5 s): site-a promoted",
            "failback/payments COMPLETED",
            "  RPO 0, proven (switchover): site-a replayed to 0/3000060, the final LSN of site-b");
  }

  private int watchBake(boolean terminal, String... extra) {
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    String[] args = new String[extra.length + 2];
    args[0] = "watch";
    args[1] = "failback/orders";
    System.arraycopy(extra, 0, args, 2, extra.length);
    return StandbyCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of("STANDBY_URL", url, "STANDBY_TOKEN", "t0k", "XDG_CONFIG_HOME", "/nonexistent"),
        terminal,
        () -> BAKE_CLOCK[Math.max(0, Math.min(bakingPolls.get(), BAKE_CLOCK.length) - 1)]);
  }

  @Test
  void watchingABakeNotOnATerminalPrintsItsBarAsPlainLinesAtEachQuarter() {
    assertThat(watchBake(false)).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "watching failback/orders: RUNNING",
            "> shift-50%",
            "  traffic [##########..........]  50% to site-a (step 1 of 2)",
            "  bake    [##..................]  10%  6 s of 60 s; site-a served 50.0% so far",
            "  bake    [##########..........]  50%  30 s of 60 s; site-a served 50.0% so far",
            "  bake    [################....]  80%  48 s of 60 s, paused; site-a served 50.0% so far",
            "  measured: site-a 50.4%, site-b 49.6% of 240 requests, 0 errors, site-a p95 12 ms;"
                + " gate passed",
            "  COMPLETED shift-50% (1 min 12 s)",
            "failback/orders COMPLETED");
  }

  @Test
  void watchingABakeOnATerminalRedrawsItsBarInPlace() {
    assertThat(watchBake(true)).isZero();

    String printed = out.toString(StandardCharsets.UTF_8);
    String erase = "\033[1A\r\033[J";
    assertThat(printed)
        .contains(
            "  traffic [##########..........]  50% to site-a (step 1 of 2)\n"
                + "  bake    [##..................]  10%  6 s of 60 s; site-a served 50.0% so far\n"
                + erase
                + "  bake    [##########..........]  50%  30 s of 60 s; site-a served 50.0% so far\n"
                + erase
                + "  bake    [################....]  80%  48 s of 60 s, paused; site-a served 50.0% so far\n"
                + erase
                + "  measured: site-a 50.4%");
  }

  @Test
  void watchingABakeWithOutputJsonKeepsStdoutTheRunsJsonAndPutsTheBarsOnStderr() throws Exception {
    assertThat(watchBake(false, "--output", "json")).isZero();

    JsonNode printed = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(printed.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "  bake    [##..................]  10%  6 s of 60 s; site-a served 50.0% so far",
            "  bake    [##########..........]  50%  30 s of 60 s; site-a served 50.0% so far",
            "  bake    [################....]  80%  48 s of 60 s, paused; site-a served 50.0% so far");
  }

  @Test
  void aFailoverWithApprovalAsksTheApiForTheLevelsGiven() {
    assertThat(
            cli(
                "failover",
                "payments",
                "--to",
                "site-b",
                "--approval",
                "90s,15m,1h",
                "--on-approval-timeout",
                "abort",
                "--no-watch"))
        .isZero();
    assertThat(cli("failover", "payments", "--to", "site-b", "--approval", "--no-watch")).isZero();

    assertThat(requests)
        .containsExactly(
            "POST /failovers {\"service\":\"payments\",\"targetSite\":\"site-b\",\"mode\":\"PLANNED\","
                + "\"approval\":{\"levels\":[{\"timeoutSeconds\":90},{\"timeoutSeconds\":900},"
                + "{\"timeoutSeconds\":3600}],\"onTimeout\":\"ABORT\"}} Bearer t0k",
            "POST /failovers {\"service\":\"payments\",\"targetSite\":\"site-b\",\"mode\":\"PLANNED\","
                + "\"approval\":{}} Bearer t0k");
  }

  @Test
  void aFailbackIsStartedWithTheStepsAndBakeAsked() {
    assertThat(cli("failback", "payments", "--steps", "25,100", "--bake", "2m", "--no-watch"))
        .isZero();
    assertThat(cli("failback", "payments", "--bake", "soon", "--no-watch")).isEqualTo(2);

    assertThat(requests)
        .containsExactly(
            "POST /failbacks {\"service\":\"payments\",\"steps\":[25,100],\"bakeSeconds\":120}"
                + " Bearer t0k");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--bake is a positive number of seconds or 90s, 15m, 2h: 'soon'");
  }

  @Test
  void aBadApprovalTimeoutIsAUsageErrorNamingItAndStartsNothing() {
    assertThat(cli("failover", "payments", "--to", "site-b", "--approval", "15min")).isEqualTo(2);
    assertThat(cli("failover", "payments", "--approval", "1,2,3,4")).isEqualTo(2);
    assertThat(cli("failover", "payments", "--approval", "--on-approval-timeout", "later"))
        .isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "--approval level timeout is a positive number of seconds or 90s, 15m, 2h: '15min'",
            "--approval takes at most 3 levels, got 4",
            "--on-approval-timeout is one of KEEP_WAITING, PROCEED, ABORT: later");
    assertThat(requests).isEmpty();
  }

  @Test
  void aRegionPlanIsStartedThenEachGroupApprovalAndServiceIsShownThenEveryRtoAndRpo() {
    // orders did not move: the plan completed, but the exit code says not every service moved
    assertThat(cli("failover-region", "site-a", "--reason", "site-a is down")).isEqualTo(1);

    assertThat(requests.get(0))
        .isEqualTo(
            "POST /region-failovers {\"site\":\"site-a\",\"mode\":\"UNPLANNED\","
                + "\"reason\":\"site-a is down\"} Bearer t0k");
    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "started region/site-a",
            "  SKIPPED search: its primary is site-b",
            "> group 1 of 2 failing over",
            "  RUNNING ledger (failover/ledger)",
            "  SUCCEEDED ledger to site-b: RTO 4.2 s, RPO 0",
            "> waiting for approval of group 2 (payments, orders)",
            "  waiting for an approver: standby approve region/site-a --step group-2",
            "> group 2 of 2 failing over",
            "  RUNNING payments (failover/payments)",
            "  RUNNING orders (failover/orders)",
            "  SUCCEEDED payments to site-b: RTO 31.0 s, RPO 1.5 s",
            "  FAILED orders: site-b is 40 MB behind: refused",
            "region/site-a COMPLETED (outcome PARTIAL) in 42.0 s",
            "  plan RTO 31.0 s: from the plan's start to the last service served by its target",
            "  SERVICE          GROUP OUTCOME     TARGET     RTO        RPO      DETAIL",
            "  ledger           1     SUCCEEDED   site-b     4.2 s      0",
            "  payments         2     SUCCEEDED   site-b     31.0 s     1.5 s",
            "  orders           2     FAILED      -          -          -        site-b is 40 MB"
                + " behind: refused",
            "  search           -     SKIPPED     -          -          -        its primary is"
                + " site-b",
            "  note: group 2: approved by olga (from the CLI)");
  }

  @Test
  void aRegionPlanIsStartedWithTheModePolicyAndApprovalLevelsAsked() {
    assertThat(
            cli(
                "failover-region",
                "site-a",
                "--planned",
                "--on-service-failure",
                "stop-after-group",
                "--approval",
                "15m,1h",
                "--on-approval-timeout",
                "proceed",
                "--no-watch"))
        .isZero();

    assertThat(requests)
        .containsExactly(
            "POST /region-failovers {\"site\":\"site-a\",\"mode\":\"PLANNED\","
                + "\"onServiceFailure\":\"stop-after-group\",\"approval\":{\"levels\":"
                + "[{\"timeoutSeconds\":900},{\"timeoutSeconds\":3600}],\"onTimeout\":\"PROCEED\"}}"
                + " Bearer t0k");
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("started region/site-a ");
  }

  @Test
  void aRegionPlanForAnUnknownSiteExitsThreeWithTheApisMessage() {
    assertThat(cli("failover-region", "site-q")).isEqualTo(3);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "HTTP 404",
            "POST /region-failovers",
            "unknown site 'site-q' (the topology has: site-a, site-b, site-c)");
    assertThat(requests).hasSize(1);
  }

  @Test
  void aRegionPlanWithNothingAtTheSiteSaysSoAndExitsZero() {
    assertThat(cli("failover-region", "site-c")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "started region/site-c",
            "  SKIPPED search: its primary is site-b",
            "region/site-c COMPLETED (outcome NOTHING_TO_MOVE)",
            "  nothing to move: no service has its primary at site-c",
            "  plan RTO -: no service was served by its target",
            "  SERVICE          GROUP OUTCOME     TARGET     RTO        RPO      DETAIL",
            "  search           -     SKIPPED     -          -          -        its primary is"
                + " site-b");
  }

  @Test
  void watchingASiteWhosePlanNeverRanExitsThreeWithTheApisMessage() {
    assertThat(cli("watch", "region/site-b")).isEqualTo(3);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("HTTP 404", "no region of site-b has been started (workflow id region/site-b)");
  }

  @Test
  void aRegionPlanWithBadOptionsOrNoApiStartsNothing() {
    assertThat(cli("failover-region", "site-a", "--planned", "--unplanned")).isEqualTo(2);
    assertThat(cli("failover-region", "site-a", "--approval", "soon")).isEqualTo(2);
    assertThat(cli("failover-region")).isEqualTo(2);
    assertThat(requests).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "--planned and --unplanned exclude each other",
            "--approval level timeout is a positive number of seconds or 90s, 15m, 2h: 'soon'",
            "Missing required parameter: 'site'");

    int code =
        StandbyCli.run(
            new String[] {"--url", "http://127.0.0.1:1", "failover-region", "site-a"},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("cannot reach the API at http://127.0.0.1:1");
  }
}
