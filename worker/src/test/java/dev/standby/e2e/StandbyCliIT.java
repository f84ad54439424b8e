package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.standby.api.StandbyApiApplication;
import dev.standby.api.StandbyApiConfiguration;
import dev.standby.cli.StandbyCli;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.topology.Topology;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.temporal.client.WorkflowStub;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The operator's command line against the lab: the real worker and API, the CLI in this JVM. */
// A failover of the lab: minutes, not the unit tests' default.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StandbyCliIT {
  private static final String OPERATOR = "operator-token-for-e2e-tests";
  private static final String APPROVER = "approver-token-for-e2e-tests";

  private LabWorld world;
  private DropwizardTestSupport<StandbyApiConfiguration> api;

  @BeforeEach
  void labWorkerAndApi() throws Exception {
    world = LabWorld.start("standby-cli").withWorker();
    Topology topology = world.topology;
    api =
        new DropwizardTestSupport<>(
            StandbyApiApplication.class,
            ResourceHelpers.resourceFilePath("e2e-api.yml"),
            ConfigOverride.config("temporal.target", topology.temporal().target()),
            ConfigOverride.config("temporal.namespace", topology.temporal().namespace()));
    api.before();
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.after();
    }
    if (world != null) {
      world.close();
    }
  }

  record Ran(int exitCode, String out, String err) {}

  private Ran standby(String token, String... args) {
    return standby(new ByteArrayOutputStream(), token, args);
  }

  /** The same, printing into {@code out} as it goes, for a test to read while the CLI follows. */
  private Ran standby(ByteArrayOutputStream out, String token, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        StandbyCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(
                "STANDBY_URL",
                "http://127.0.0.1:" + api.getLocalPort(),
                "STANDBY_TOKEN",
                token,
                "XDG_CONFIG_HOME",
                world.lab.topologyPath().getParent().toString()));
    return new Ran(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void
      aPlannedFailoverWaitsForApprovalFromTheCommandLineIsFollowedToItsRtoAndStatusNamesTheNewSite()
          throws Exception {
    ExecutorService background = Executors.newSingleThreadExecutor();
    try {
      ByteArrayOutputStream followed = new ByteArrayOutputStream();
      Future<Ran> following =
          background.submit(
              () ->
                  standby(
                      followed,
                      OPERATOR,
                      "failover",
                      "payments",
                      "--planned",
                      "--to",
                      "site-b",
                      "--approval",
                      "10m",
                      "--timeout",
                      "PT5M"));

      WorkflowStub run = world.client.newUntypedWorkflowStub("failover/payments");
      await("the failover waits for approval of promote-target")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () ->
                  "promote-target"
                      .equals(run.query("approvals", ApprovalStatus.class).pendingStep()));
      assertThat(following).as("the CLI follows the waiting run").isNotDone();
      Ran waiting = standby(OPERATOR, "status", "payments");
      assertThat(waiting.out())
          .as("nothing promoted before the approval")
          .startsWith("payments: primary site-a");

      // The follower names the command that releases the step while the run waits (it polls, so
      // the approval waits for it to have shown that).
      await("the CLI says who to ask and how")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  followed
                      .toString(StandardCharsets.UTF_8)
                      .contains("standby approve failover/payments"));
      Ran approve = standby(APPROVER, "approve", "failover/payments", "--step", "promote-target");
      assertThat(approve.exitCode()).as(approve.toString()).isZero();
      assertThat(approve.out()).contains("approved promote-target of failover/payments");

      Ran failover = following.get(5, TimeUnit.MINUTES);
      assertThat(failover.exitCode()).as(failover.toString()).isZero();
      assertThat(failover.out())
          .contains(
              "> check-target",
              "> await-approval",
              "standby approve failover/payments",
              "COMPLETED fence-source",
              "COMPLETED promote-target",
              "COMPLETED move-traffic",
              "failover/payments COMPLETED",
              "RTO ");
    } finally {
      background.shutdownNow();
    }

    Ran status = standby(OPERATOR, "status", "payments");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).startsWith("payments: primary site-b");

    Ran approve = standby(APPROVER, "approve", "failover/payments", "--step", "no-such-step");
    assertThat(approve.exitCode()).as(approve.toString()).isNotZero();
    assertThat(approve.err())
        .as("the API's own message")
        .contains("HTTP 409", "failover of payments is not running (COMPLETED)");
  }

  @Test
  void watchingAFailbackShowsEachStepsTrafficAndBakeBarsTheMeasuredSplitAndTheRpo() {
    Ran failover = standby(OPERATOR, "failover", "payments", "--planned", "--to", "site-b");
    assertThat(failover.exitCode()).as(failover.toString()).isZero();

    Ran started = standby(OPERATOR, "failback", "payments", "--no-watch");
    assertThat(started.exitCode()).as(started.toString()).isZero();
    assertThat(started.out()).startsWith("started failback/payments ");
    Ran watch = standby(OPERATOR, "watch", "failback/payments", "--timeout", "PT5M");

    assertThat(watch.exitCode()).as(watch.toString()).isZero();
    List<String> lines = watch.out().lines().toList();
    for (int percent : List.of(10, 25, 50, 75, 100)) {
      List<String> step = section(lines, "> shift-" + percent + "%");
      assertThat(step)
          .as("shift-%d%%: %s", percent, watch.out())
          .anyMatch(l -> l.startsWith("  traffic [") && l.contains(percent + "% to site-a"))
          .anyMatch(
              l ->
                  l.matches(
                      "  bake    \\[[#.]{20}\\] +\\d+%  \\d s of 3 s(; site-a served \\d+\\.\\d% so far)?"))
          .anyMatch(l -> l.startsWith("  measured: site-a ") && l.endsWith("gate passed"));
    }
    assertThat(watch.out())
        .as("the lab's failback takes no uploads: no transfer bar")
        .doesNotContain("upload ")
        .contains("failback/payments COMPLETED", "RPO 0, proven (switchover)");
  }

  /** The lines from {@code header} up to the next step's header. */
  private static List<String> section(List<String> lines, String header) {
    int from = lines.indexOf(header);
    assertThat(from).as("%s in %s", header, lines).isNotNegative();
    int to = from + 1;
    while (to < lines.size() && !lines.get(to).startsWith("> ")) {
      to++;
    }
    return lines.subList(from, to);
  }
}
