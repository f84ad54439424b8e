package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.activities.SiteQueues;
import dev.standby.model.failback.FailbackRequest;
import dev.standby.model.failback.FailbackResult;
import dev.standby.model.failback.StepMeasurement;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.worker.StandbyWorker;
import dev.standby.worker.WorkerQueues;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failback.FailbackWorkflow;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers per site on the lab: two central workers (separate processes) share the central queue,
 * and one site worker per site (in this JVM) serves that site's own queue. A planned failover and
 * then a failback run; in the middle of the failback, while its 25% step bakes, the central worker
 * that holds the run is SIGKILLed. The other central worker finishes it, nothing is done twice, and
 * every fence and resync ran on the queue of the site it acted on, taken by that site's worker.
 */
// A whole drive of the lab (a failover and a failback, three workers): minutes.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SiteWorkersIT {
  /** The activities that act on a database's own host, and must run on its site's queue. */
  private static final Set<String> HOST_TYPES =
      Set.of("DatabaseFence", "DatabaseUnfence", "DatabaseIsolate", "DatabaseResyncAsReplica");

  /** Activities with side effects: none may be scheduled twice with the same input. */
  private static final Set<String> SIDE_EFFECTS =
      Set.of("TrafficSetWeights", "DatabasePromote", "DatabaseFence", "DatabaseResyncAsReplica");

  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withoutWorker("site-workers");

  @Test
  void aFailbackWhoseCentralWorkerDiesIsFinishedByTheOtherAndHostStepsRunOnTheirSites(
      @TempDir Path reports) throws Exception {
    LabWorld lab = world.get();
    Path topology = lab.lab.topologyPath();
    List<WorkerProcess> central = new ArrayList<>();
    List<StandbyWorker> siteWorkers = new ArrayList<>();
    FailbackResult result;
    long killedPid;
    try {
      for (String name : List.of("central-1", "central-2")) {
        Files.deleteIfExists(WorkerProcess.logFile("site-workers-" + name).toPath());
        // No queue option: the central queue only, the sites' host activities left to their
        // workers.
        central.add(
            WorkerProcess.start(
                topology, WorkerProcess.logFile("site-workers-" + name).toPath(), new String[0]));
      }
      Path firstLog = WorkerProcess.logFile("site-workers-central-1").toPath();
      Awaitility.await("the first central worker has started")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> Files.readString(firstLog).contains("Standby worker on task queue"));
      assertThat(Files.readString(firstLog))
          .as("started before the site workers, it says whose queues nobody polls yet")
          .contains("no worker polls standby-site-a yet")
          .contains("no worker polls standby-site-b yet");
      for (String site : List.of("site-a", "site-b")) {
        siteWorkers.add(
            StandbyWorker.start(
                lab.topology,
                "127.0.0.1",
                0,
                System::getenv,
                reports,
                new WorkerQueues(false, List.of(site))));
      }

      FailoverWorkflow failover =
          lab.client.newWorkflowStub(
              FailoverWorkflow.class, lab.options(WorkflowIds.failover("payments")));
      failover.failover(FailoverRequest.planned("payments", "site-b", "site workers test"));

      FailbackWorkflow failback =
          lab.client.newWorkflowStub(
              FailbackWorkflow.class, lab.options(WorkflowIds.failback("payments")));
      WorkflowClient.start(failback::failback, FailbackRequest.of("payments", "site workers test"));
      Awaitility.await("the failback bakes its 25% step")
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(() -> "shift-25%".equals(failback.progress().currentStep()));
      killedPid = holderOf(WorkflowIds.failback("payments"));
      WorkerProcess holder =
          central.stream()
              .filter(w -> w.pid() == killedPid)
              .findFirst()
              .orElseThrow(() -> new AssertionError("no central worker has pid " + killedPid));
      holder.kill();
      result =
          WorkflowStub.fromTyped(failback).getResult(4, TimeUnit.MINUTES, FailbackResult.class);
    } finally {
      for (WorkerProcess w : central) {
        w.close();
      }
      siteWorkers.forEach(StandbyWorker::close);
    }

    lab.saveHistory(WorkflowIds.failover("payments"), "failover-planned-site-workers");
    lab.saveHistory(WorkflowIds.failback("payments"), "failback-site-workers");
    assertThat(result.outcome()).isEqualTo(FailbackResult.Outcome.COMPLETED);
    assertThat(result.measurements())
        .extracting(StepMeasurement::targetPercent)
        .containsExactly(10, 25, 50, 75, 100);

    List<HistoryEvent> back = history(WorkflowIds.failback("payments"));
    assertThat(workflowTaskIdentities(back))
        .as("the failback's workflow tasks: the killed worker's, then the other's")
        .anySatisfy(id -> assertThat(pidOf(id)).isEqualTo(killedPid))
        .last()
        .satisfies(id -> assertThat(pidOf(id)).isNotEqualTo(killedPid));
    assertThat(sideEffectsScheduledTwice(back)).as("side effects scheduled twice").isEmpty();
    assertThat(scheduled(back, "DatabasePromote")).as("promotions").isEqualTo(1);
    assertThat(scheduled(back, "TrafficSetWeights"))
        .as("weight changes: one per step")
        .isEqualTo(5);

    List<HistoryEvent> over = history(WorkflowIds.failover("payments"));
    List<HostCall> hostCalls = new ArrayList<>(hostCalls(over));
    hostCalls.addAll(hostCalls(back));
    assertThat(hostCalls)
        .extracting(HostCall::type)
        .as("host steps: the failover's fence and reprotect, the failback's resync, fence, reseed")
        .contains("DatabaseFence", "DatabaseResyncAsReplica");
    assertThat(hostCalls)
        .filteredOn(c -> c.type().equals("DatabaseResyncAsReplica") && c.site().equals("site-a"))
        .as("site-a resynced (the failover's reprotect-source, the failback's resync-database)")
        .hasSize(2);
    assertThat(hostCalls)
        .allSatisfy(
            c -> {
              assertThat(c.taskQueue()).as("%s's queue", c).isEqualTo(SiteQueues.of(c.site()));
              assertThat(c.identity())
                  .as("%s taken by %s's own worker in this JVM", c, c.site())
                  .isEqualTo(ProcessHandle.current().pid() + "@" + host() + " " + c.site());
            });

    try (Connection siteA = lab.lab.jdbc("site-a");
        Connection siteB = lab.lab.jdbc("site-b")) {
      assertThat(FailbackIT.inRecovery(siteA)).as("site-a a replica").isFalse();
      assertThat(FailbackIT.inRecovery(siteB)).as("site-b a replica again").isTrue();
      assertThat(timeline(siteA))
          .as("site-a's timeline: site-b promoted once (2), site-a once (3)")
          .isEqualTo("00000003");
    }
  }

  /** One host activity as the history shows it: its site argument, its queue and who took it. */
  record HostCall(String type, String site, String taskQueue, String identity) {}

  private static List<HostCall> hostCalls(List<HistoryEvent> events) {
    Map<Long, String> startedBy = new HashMap<>();
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        startedBy.put(
            e.getActivityTaskStartedEventAttributes().getScheduledEventId(),
            e.getActivityTaskStartedEventAttributes().getIdentity());
      }
    }
    List<HostCall> calls = new ArrayList<>();
    for (HistoryEvent e : events) {
      if (e.getEventType() != EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        continue;
      }
      var a = e.getActivityTaskScheduledEventAttributes();
      if (HOST_TYPES.contains(a.getActivityType().getName())) {
        // (service, site, ...): the site is the second argument, a JSON string.
        String site = json(a.getInput().getPayloads(1)).replace("\"", "");
        calls.add(
            new HostCall(
                a.getActivityType().getName(),
                site,
                a.getTaskQueue().getName(),
                startedBy.get(e.getEventId())));
      }
    }
    return calls;
  }

  private static List<String> sideEffectsScheduledTwice(List<HistoryEvent> events) {
    Map<String, Integer> seen = new HashMap<>();
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        var a = e.getActivityTaskScheduledEventAttributes();
        if (SIDE_EFFECTS.contains(a.getActivityType().getName())) {
          StringBuilder key = new StringBuilder(a.getActivityType().getName());
          a.getInput().getPayloadsList().forEach(p -> key.append(' ').append(json(p)));
          seen.merge(key.toString(), 1, Integer::sum);
        }
      }
    }
    return seen.entrySet().stream().filter(x -> x.getValue() > 1).map(Map.Entry::getKey).toList();
  }

  private static long scheduled(List<HistoryEvent> events, String type) {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(
            e ->
                e.getActivityTaskScheduledEventAttributes()
                    .getActivityType()
                    .getName()
                    .equals(type))
        .count();
  }

  private static List<String> workflowTaskIdentities(List<HistoryEvent> events) {
    return events.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
        .map(e -> e.getWorkflowTaskCompletedEventAttributes().getIdentity())
        .toList();
  }

  /** The pid of the central worker whose workflow task completed last: it holds the run. */
  private static long holderOf(String workflowId) {
    List<String> ids = workflowTaskIdentities(history(workflowId));
    return pidOf(ids.get(ids.size() - 1));
  }

  private static long pidOf(String identity) {
    return Long.parseLong(identity.substring(0, identity.indexOf('@')));
  }

  private static String host() {
    String name = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
    return name.substring(name.indexOf('@') + 1);
  }

  private static List<HistoryEvent> history(String workflowId) {
    return world.get().client.fetchHistory(workflowId).getHistory().getEventsList();
  }

  private static String json(Payload payload) {
    return payload.getData().toString(StandardCharsets.UTF_8);
  }

  private static String timeline(Connection c) throws Exception {
    try (ResultSet rs =
        c.createStatement()
            .executeQuery("SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
