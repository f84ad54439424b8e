package dev.standby.workflows.monitor;

import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.RegionActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.model.ServiceSpec;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.StandbyReadings;
import dev.standby.model.health.HealthReport;
import dev.standby.model.monitor.MonitorRequest;
import dev.standby.model.monitor.MonitorResult;
import dev.standby.model.monitor.MonitorState;
import dev.standby.model.region.RegionWorkflowNames;
import dev.standby.model.region.ServiceFailureReport;
import dev.standby.model.service.ServiceState;
import dev.standby.workflows.HealthProbes;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failover.FailoverChildren;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class HealthMonitorWorkflowImpl implements HealthMonitorWorkflow {
  /**
   * Probes per run before continuing as new, so a monitor that runs for months keeps a small
   * history.
   */
  static final int DEFAULT_MAX_PROBES_PER_RUN = 500;

  private final TopologyActivities topology = Workflow.newActivityStub(TopologyActivities.class);
  private final HealthActivities health = Workflow.newActivityStub(HealthActivities.class);
  private final ServiceActivities services = Workflow.newActivityStub(ServiceActivities.class);
  private final RegionActivities regions = Workflow.newActivityStub(RegionActivities.class);
  private final DatabaseActivities database = Workflow.newActivityStub(DatabaseActivities.class);
  private final TrafficActivities traffic = Workflow.newActivityStub(TrafficActivities.class);
  private MonitorState state;
  private String onBehalfOf;

  /**
   * The standbys as last read while failures were being counted; null while the site is healthy.
   */
  private Promise<StandbyReadings> readings;

  @Override
  public MonitorResult monitor(MonitorRequest request) {
    ServiceSpec spec = topology.describeService(request.service());
    // Unless told, it watches the primary the service's state names now, not the topology's.
    ServiceState current =
        request.site() != null && request.failoverTarget() != null
            ? null
            : services.current(request.service());
    String site = request.site() != null ? request.site() : current.primarySite();
    String target =
        request.failoverTarget() != null ? request.failoverTarget() : current.failoverTarget();
    long interval =
        request.intervalMillis() != null ? request.intervalMillis() : spec.monitorIntervalMillis();
    int threshold =
        request.failureThreshold() != null
            ? request.failureThreshold()
            : spec.monitorFailureThreshold();
    int maxProbes =
        request.maxProbesPerRun() != null ? request.maxProbesPerRun() : DEFAULT_MAX_PROBES_PER_RUN;
    onBehalfOf = request.onBehalfOf();
    state =
        request.carried() != null ? request.carried() : MonitorState.start(request.service(), site);
    StandbySearchAttributes.upsert(request.service(), "monitor", site);

    long nextProbeAt = Workflow.currentTimeMillis();
    for (int probesThisRun = 0; ; probesThisRun++) {
      long probeStart = Workflow.currentTimeMillis();
      state = state.record(probe(request.service(), site), probeStart);
      if (state.consecutiveFailures() >= threshold) {
        return startFailover(request.service(), site, target);
      }
      // One failure short of the threshold, the standbys are read, so the failover the next failed
      // probe starts finds its target checked: the reads run while the monitor waits for that
      // probe. Only then: a blip reads nothing, and a region outage does not read every standby
      // of every service at every failed probe.
      if (state.consecutiveFailures() == 0) {
        readings = null;
      } else if (state.consecutiveFailures() == threshold - 1) {
        readings = readStandbys(request.service(), spec, site);
      }
      if (probesThisRun + 1 >= maxProbes || Workflow.getInfo().isContinueAsNewSuggested()) {
        Workflow.continueAsNew(request.carrying(state));
      }
      // Probes keep to a fixed grid: neither the probe's own time nor a timer that fired late
      // pushes the
      // next one back, so K failures are detected K-1 intervals after the first. A monitor that
      // fell
      // behind (a busy worker) probes at once instead of bunching up.
      nextProbeAt = Math.max(nextProbeAt + interval, Workflow.currentTimeMillis());
      Workflow.sleep(Duration.ofMillis(Math.max(0, nextProbeAt - Workflow.currentTimeMillis())));
    }
  }

  /**
   * Each standby's liveness and database, and the router's weights, asked at once. Reads only: a
   * failure that clears by the next probe has changed nothing.
   */
  private Promise<StandbyReadings> readStandbys(String service, ServiceSpec spec, String site) {
    long askedAt = Workflow.currentTimeMillis();
    Map<String, Promise<HealthReport>> liveness = new LinkedHashMap<>();
    Map<String, Promise<ReplicationStatus>> databases = new LinkedHashMap<>();
    for (String standby : spec.candidates(site)) {
      liveness.put(standby, Async.function(health::liveness, service, standby));
      databases.put(standby, Async.function(database::replicationStatus, service, standby));
    }
    Promise<Map<String, Integer>> weights = Async.function(traffic::weights, service);
    List<Promise<?>> all = new ArrayList<>(liveness.values());
    all.addAll(databases.values());
    all.add(weights);
    return Promise.allOf(all.toArray(new Promise<?>[0]))
        .thenApply(
            done ->
                new StandbyReadings(
                    site, askedAt, values(liveness), values(databases), weights.get()));
  }

  private static <T> Map<String, T> values(Map<String, Promise<T>> promises) {
    Map<String, T> values = new LinkedHashMap<>();
    promises.forEach((site, promise) -> values.put(site, promise.get()));
    return values;
  }

  /** The latest readings if they came back; a read that failed or is still out gives none. */
  private StandbyReadings readingsSoFar() {
    return readings != null && readings.isCompleted() && readings.getFailure() == null
        ? readings.get()
        : null;
  }

  /** A probe that cannot complete is a failed probe, not a reason to stop watching. */
  private HealthReport probe(String service, String site) {
    return HealthProbes.orDown(site, () -> health.probe(service, site));
  }

  private MonitorResult startFailover(String service, String site, String target) {
    long detectedAt = Workflow.currentTimeMillis();
    String reason =
        state.consecutiveFailures()
            + " consecutive failed health probes of "
            + site
            + ": "
            + state.lastReport().summary();
    // When the site's region plan has a trigger, the detection goes there: K services of a site
    // failing together move in one plan, not K failovers. A drill's own monitor never does.
    if (onBehalfOf == null
        && regions.reportFailure(
            new ServiceFailureReport(
                site, service, target, state.firstFailureAtMillis(), detectedAt, reason))) {
      state = state.triggered(RegionWorkflowNames.triggerId(site));
      return result(
          service, site, target, detectedAt, RegionWorkflowNames.triggerId(site), null, true);
    }
    // The service's own monitor lets the failover elect its target among the standbys as they are
    // when it starts (most advanced, then priority). A drill's monitor names the target the drill
    // chose and measures.
    var failover =
        FailoverChildren.start(
            new FailoverRequest(
                    service,
                    onBehalfOf != null ? target : null,
                    FailoverMode.UNPLANNED,
                    site,
                    reason,
                    "health-monitor",
                    state.firstFailureAtMillis(),
                    null,
                    onBehalfOf)
                .withReadings(readingsSoFar()));
    state = state.triggered(WorkflowIds.failover(service));
    String runId = null;
    boolean started;
    try {
      WorkflowExecution execution = Workflow.getWorkflowExecution(failover.stub()).get();
      runId = execution.getRunId();
      started = true;
    } catch (ChildWorkflowFailure e) {
      // A failover of this service is already running (an operator was faster): do not start a
      // second one.
      started = false;
    }
    return result(service, site, target, detectedAt, WorkflowIds.failover(service), runId, started);
  }

  private MonitorResult result(
      String service,
      String site,
      String target,
      long detectedAt,
      String workflowId,
      String runId,
      boolean started) {
    return new MonitorResult(
        service,
        site,
        target,
        state.probes(),
        state.firstFailureAtMillis(),
        detectedAt,
        workflowId,
        runId,
        started,
        state.lastReport().summary());
  }

  @Override
  public MonitorState state() {
    return state;
  }
}
