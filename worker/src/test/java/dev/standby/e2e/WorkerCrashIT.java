package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.ServiceState;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failover.FailoverWorkflow;
import dev.standby.workflows.service.ServiceWorkflow;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The worker dies (SIGKILL) while a planned failover waits for the replica to catch up, and another
 * worker takes over: the run completes, the database is promoted exactly once and no acknowledged
 * order is lost.
 */
// A whole drive of the lab (failovers, drills, restarts): minutes, not the unit tests' default 120
// s.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class WorkerCrashIT {
  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withoutWorker("worker-crash");

  @Test
  void aFailoverInterruptedByAWorkerCrashCompletesAndPromotesOnce() throws Exception {
    // Site B applies WAL three seconds late, so catching up takes long enough to crash in the
    // middle of it.
    try (Connection siteB = world.get().lab.jdbc("site-b");
        Statement sql = siteB.createStatement()) {
      sql.execute("ALTER SYSTEM SET recovery_min_apply_delay = '3s'");
      sql.execute("SELECT pg_reload_conf()");
    }
    var topology = world.get().lab.topologyPath();
    WorkerProcess first =
        WorkerProcess.start(topology, WorkerProcess.logFile("worker-crash-first").toPath());
    WorkerProcess second = null;
    FailoverResult result;
    OrderLoad load = OrderLoad.start(world.get().lab.frontDoorUrl(), 2);
    try {
      load.awaitAcks("before the failover", a -> true, 20);
      // What the failover's catch-up waits for: WAL site-b has received but, 3 s late, not applied
      // yet.
      Awaitility.await("site-b has WAL to apply")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> siteBHasWalToApply());
      FailoverWorkflow failover =
          world
              .get()
              .client
              .newWorkflowStub(
                  FailoverWorkflow.class, world.get().options(WorkflowIds.failover("payments")));
      WorkflowClient.start(
          failover::failover, FailoverRequest.planned("payments", "site-b", "worker crash test"));
      awaitStep(failover, "await-replay");
      first.kill();
      second = WorkerProcess.start(topology, WorkerProcess.logFile("worker-crash-second").toPath());
      result =
          WorkflowStub.fromTyped(failover).getResult(120, TimeUnit.SECONDS, FailoverResult.class);
      load.awaitAcks("by site-b after the failover", a -> a.site().equals("site-b"), 5);

      // The service's state lived through the crash: it names the new primary, and the failover
      // once. Then the Temporal server itself restarts, and the state is still there.
      ServiceWorkflow service =
          world
              .get()
              .client
              .newWorkflowStub(ServiceWorkflow.class, WorkflowIds.service("payments"));
      ServiceState afterCrash =
          FailingOverAgainIT.awaitState(
              service,
              "site-b primary, the failover recorded once",
              s ->
                  "site-b".equals(s.primarySite())
                      && s.operation() == null
                      && s.history().stream().filter(e -> e.what().equals("failover")).count()
                          == 1);
      world.get().lab.restartTemporal();
      ServiceState afterRestart =
          FailingOverAgainIT.awaitState(
              service, "the state read again after the restart", s -> s != null);
      assertThat(afterRestart.primarySite()).isEqualTo("site-b");
      assertThat(afterRestart.history()).containsAll(afterCrash.history());
      assertThat(afterRestart.history())
          .filteredOn(e -> e.what().equals("failover"))
          .singleElement()
          .satisfies(e -> assertThat(e.outcome()).isEqualTo(OperationOutcome.COMPLETED));
    } finally {
      load.stop();
      first.close();
      if (second != null) {
        second.close();
      }
    }

    List<HistoryEvent> events =
        world
            .get()
            .client
            .fetchHistory(WorkflowIds.failover("payments"))
            .getHistory()
            .getEventsList();
    assertThat(scheduled(events, "DatabasePromote")).as("promotions scheduled").isEqualTo(1);
    assertThat(events)
        .as("the catch-up was retried by the second worker")
        .anySatisfy(
            e -> {
              assertThat(e.getEventType()).isEqualTo(EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
              assertThat(e.getActivityTaskStartedEventAttributes().getAttempt()).isGreaterThan(1);
            });
    assertThat(result.dataLoss().zeroLossProven()).isTrue();
    try (Connection siteB = world.get().lab.jdbc("site-b");
        Statement sql = siteB.createStatement()) {
      ResultSet timeline =
          sql.executeQuery("SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)");
      timeline.next();
      assertThat(timeline.getString(1))
          .as("site-b's timeline: one promotion from timeline 1")
          .isEqualTo("00000002");
      assertThat(load.missingFrom(siteB)).as("acknowledged orders missing on site-b").isEmpty();
    }
  }

  private static boolean siteBHasWalToApply() throws java.sql.SQLException {
    try (Connection siteB = world.get().lab.jdbc("site-b");
        Statement sql = siteB.createStatement();
        ResultSet backlog =
            sql.executeQuery("SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()")) {
      backlog.next();
      return backlog.getBoolean(1);
    }
  }

  private static long scheduled(List<HistoryEvent> events, String activityType) {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(
            e ->
                e.getActivityTaskScheduledEventAttributes()
                    .getActivityType()
                    .getName()
                    .equals(activityType))
        .count();
  }

  private static void awaitStep(FailoverWorkflow failover, String step) {
    // Exceptions are ignored: the query fails until the first workflow task has run.
    Awaitility.await("the failover reaches " + step)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(() -> step.equals(failover.progress().currentStep()));
  }
}
