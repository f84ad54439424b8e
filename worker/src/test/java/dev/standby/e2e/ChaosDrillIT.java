package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.model.drill.DrillObjectives;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.FaultKind;
import dev.standby.model.drill.StopConditions;
import dev.standby.model.failback.FailbackResult;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.drill.DrillWorkflow;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drills against the lab: a chaos drill whose measured RPO and RTO this test recounts from the
 * write load's own acknowledgements and the databases, a stop condition that ends a drill and
 * restores the service, and a drill that misses its objective. A drill moves the primary (the last
 * one leaves site-b primary), so each test gets a lab and worker of its own.
 */
// A whole drive of the lab (failovers, drills, restarts): minutes, not the unit tests' default 120
// s.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ChaosDrillIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path reports;
  private LabWorld world;

  @BeforeAll
  static void reportsDir() throws Exception {
    reports =
        Files.createDirectories(
            Path.of("target", "drill-reports", "chaos-drill-it").toAbsolutePath());
  }

  @BeforeEach
  void start() {
    world = LabWorld.start("chaos-drill").withWorker(reports);
  }

  @AfterEach
  void stop() {
    if (world != null) {
      world.close();
    }
  }

  private DrillResult run(DrillRequest request, String historyName) throws Exception {
    DrillWorkflow drill =
        world.client.newWorkflowStub(
            DrillWorkflow.class, world.options(WorkflowIds.drill("payments")));
    WorkflowClient.start(drill::drill, request);
    DrillResult result =
        WorkflowStub.fromTyped(drill).getResult(4, TimeUnit.MINUTES, DrillResult.class);
    // Kept for HistoryReplayTest: the same JSON `temporal workflow show --output json` prints.
    Path histories = Files.createDirectories(Path.of("target", "histories"));
    Files.writeString(
        histories.resolve(historyName + ".json"),
        world.client.fetchHistory(result.workflowId(), result.runId()).toJson(true));
    return result;
  }

  @Test
  void aChaosDrillMeasuresTheRpoAndRtoThatTheAcknowledgedWritesShow() throws Exception {
    // A load of the test's own, through the same front door: its first answer from site-b is a
    // second witness.
    OrderLoad witness = OrderLoad.start(world.lab.frontDoorUrl(), 1);
    DrillResult result;
    try {
      result = run(DrillRequest.chaos("payments", FaultKind.KILL_DB), "drill-chaos-kill-db");
    } finally {
      witness.stop();
    }

    assertThat(result.outcome())
        .as("reasons: %s", result.reasons())
        .isEqualTo(DrillResult.Outcome.PASSED);
    assertThat(result.failover().targetSite()).isEqualTo("site-b");
    assertThat(result.failback().outcome()).isEqualTo(FailbackResult.Outcome.COMPLETED);
    assertThat(result.consistency()).isNotEmpty().allMatch(DrillResult.TableComparison::matches);
    assertThat(result.checks()).isNotEmpty().allMatch(c -> c.passed());

    // Recount from the journal of acknowledged writes: every seq the app acknowledged, looked up in
    // the database
    // that survived (site-a after the failback holds exactly what site-b had when promoted, plus
    // later writes).
    List<String[]> acks =
        Files.readAllLines(Path.of(result.writeLoad().journalPath())).stream()
            .skip(1)
            .map(line -> line.split(","))
            .toList();
    assertThat(acks).hasSize((int) result.writeLoad().acknowledged());
    Set<Long> present = new HashSet<>();
    try (Connection siteA = world.lab.jdbc("site-a");
        ResultSet rows = siteA.createStatement().executeQuery("SELECT seq FROM orders")) {
      while (rows.next()) {
        present.add(rows.getLong(1));
      }
    }
    long lost = acks.stream().filter(a -> !present.contains(Long.parseLong(a[0]))).count();
    assertThat(result.rpoLostWrites()).as("lost writes the drill reported").isEqualTo(lost);

    long faultAt = result.faultInjected().atMillis();
    long firstServedByB =
        acks.stream()
            .filter(a -> a[1].equals("site-b"))
            .mapToLong(a -> Long.parseLong(a[3]))
            .min()
            .orElseThrow();
    assertThat(firstServedByB).isGreaterThan(faultAt);
    assertThat(result.rtoMillis()).isEqualTo(firstServedByB - faultAt);
    long witnessFirst = witness.firstAckBy("site-b", faultAt).orElseThrow().ackedAtMillis();
    // Both loads through the one front door see site-b take over after the fault and before the
    // failback began:
    // the witness confirms the takeover the drill measured (an order of events, not a duration).
    long failbackStarted = result.failback().startedAtMillis();
    assertThat(firstServedByB)
        .as("the drill's load: site-b's first answer before the failback")
        .isLessThan(failbackStarted);
    assertThat(witnessFirst)
        .as("the witness: site-b's first answer after the fault, before the failback")
        .isGreaterThan(faultAt)
        .isLessThan(failbackStarted);

    Path report = Path.of(result.reportLocation());
    assertThat(report.resolve("report.html"))
        .content()
        .contains("RTO")
        .contains("<svg")
        .doesNotContain("src=\"http", "href=\"http", "url(http", "@import");
    JsonNode json = JSON.readTree(report.resolve("report.json").toFile());
    assertThat(json.path("result").path("rtoMillis").asLong()).isEqualTo(result.rtoMillis());
    System.out.printf(
        "chaos drill: RTO %d ms, %d of %d acknowledged writes lost (window %d ms); report %s%n",
        result.rtoMillis(), result.rpoLostWrites(), acks.size(), result.rpoWindowMillis(), report);
  }

  @Test
  void aStopConditionEndsTheDrillAndTheServiceIsRestored() throws Exception {
    // Latency beyond the writers' two-second timeout fails every write; the monitor is told to wait
    // long enough
    // that the guard, not a failover, ends the drill.
    DrillRequest request =
        DrillRequest.chaos("payments", FaultKind.ADD_LATENCY)
            .withLatency(3_000)
            .withStop(new StopConditions(0.5, 2_000L), 1_000);
    DrillResult result = run(request, "drill-chaos-stopped-by-guard");

    assertThat(result.outcome()).isEqualTo(DrillResult.Outcome.ABORTED);
    assertThat(result.reasons().get(0))
        .startsWith("stop condition:")
        .contains("failed in the last 2000 ms");
    assertThat(result.failover()).isNull();
    assertThat(result.steps())
        .anySatisfy(s -> assertThat(s.name()).isEqualTo("clear-fault"))
        .anySatisfy(s -> assertThat(s.name()).isEqualTo("verify-primary"));

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> faults =
        http.send(
            HttpRequest.newBuilder(URI.create(world.lab.appUrl("site-a") + "/admin/fault")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(faults.body()).path("latencyMs").asInt()).isZero();
    HttpResponse<String> order =
        http.send(
            HttpRequest.newBuilder(URI.create(world.lab.frontDoorUrl() + "/orders"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(order.statusCode()).isEqualTo(201);
    assertThat(order.headers().firstValue("X-Standby-Site")).contains("site-a");
  }

  @Test
  void afterAFailoverAChaosDrillKillsTheNewPrimaryAndPasses() throws Exception {
    world
        .client
        .newWorkflowStub(FailoverWorkflow.class, world.options(WorkflowIds.failover("payments")))
        .failover(FailoverRequest.planned("payments", "site-b", "maintenance on site-a"));

    DrillResult result =
        run(DrillRequest.chaos("payments", FaultKind.KILL_DB), "drill-chaos-after-failover");

    assertThat(result.outcome())
        .as("reasons: %s", result.reasons())
        .isEqualTo(DrillResult.Outcome.PASSED);
    assertThat(result.sourceSite()).as("the primary the service has now").isEqualTo("site-b");
    assertThat(result.faultInjected().site()).isEqualTo("site-b");
    assertThat(result.failover().sourceSite()).isEqualTo("site-b");
    assertThat(result.failover().targetSite()).isEqualTo("site-a");
    assertThat(result.failback().outcome()).isEqualTo(FailbackResult.Outcome.COMPLETED);
    try (Connection siteB = world.lab.jdbc("site-b");
        var rs = siteB.createStatement().executeQuery("SELECT pg_is_in_recovery()")) {
      rs.next();
      assertThat(rs.getBoolean(1)).as("site-b is the primary again after the failback").isFalse();
    }
  }

  @Test
  void aDrillThatMissesItsObjectiveFailsAndSaysWhy() throws Exception {
    DrillResult result =
        run(
            DrillRequest.simulated("payments")
                .withoutFailback()
                .withObjectives(new DrillObjectives(null, "tier-1", 1L, null)),
            "drill-simulated-missed-rto");

    assertThat(result.outcome()).isEqualTo(DrillResult.Outcome.FAILED);
    assertThat(result.rtoMillis()).isPositive();
    assertThat(result.rpoLostWrites()).as("a planned failover loses nothing").isZero();
    assertThat(result.reasons())
        .containsExactly(
            "RTO "
                + result.rtoMillis()
                + " ms exceeded the objective of 1 ms "
                + "(explicit) by "
                + (result.rtoMillis() - 1)
                + " ms");
    assertThat(result.objectives().rpoSource()).isEqualTo("tier-1");
    assertThat(Path.of(result.reportLocation()).resolve("report.md")).content().contains("MISSED");
  }
}
