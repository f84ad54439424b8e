package dev.standby.workflows.replication;

import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.NotifyActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.model.ServiceSpec;
import dev.standby.model.database.ReplicaLag;
import dev.standby.model.monitor.ReplicationMonitorRequest;
import dev.standby.model.monitor.ReplicationMonitorState;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.StepTimeline;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

public class ReplicationMonitorWorkflowImpl implements ReplicationMonitorWorkflow {
  static final int DEFAULT_CONFIRM_CHECKS = 2;
  static final int RECOVER_AT_PERCENT = 80;

  /**
   * Checks per run before continuing as new: a monitor that runs for months keeps a small history.
   */
  static final int DEFAULT_MAX_CHECKS_PER_RUN = 500;

  private static final Logger log = Workflow.getLogger(ReplicationMonitorWorkflowImpl.class);
  private final TopologyActivities topology = Workflow.newActivityStub(TopologyActivities.class);
  private final DatabaseActivities database = Workflow.newActivityStub(DatabaseActivities.class);
  private final NotifyActivities notify = Workflow.newActivityStub(NotifyActivities.class);
  private final ServiceActivities service = Workflow.newActivityStub(ServiceActivities.class);
  private ReplicationMonitorState state;

  /** The primary this run's StandbySite says, so it is upserted only when it changes. */
  private String labelled;

  @Override
  public void monitor(ReplicationMonitorRequest request) {
    ServiceSpec spec = topology.describeService(request.service());
    long interval =
        request.intervalMillis() != null
            ? request.intervalMillis()
            : Math.max(1_000, Math.min(30_000, spec.rpoMillis() / 2));
    int confirm =
        request.confirmChecks() != null ? request.confirmChecks() : DEFAULT_CONFIRM_CHECKS;
    int maxChecks =
        request.maxChecksPerRun() != null ? request.maxChecksPerRun() : DEFAULT_MAX_CHECKS_PER_RUN;
    state =
        request.carried() != null
            ? request.carried()
            : ReplicationMonitorState.start(request.service(), spec.rpoMillis());
    // The RPO is read afresh each run, so a changed topology applies from the next continue-as-new.
    LagHysteresis rule = new LagHysteresis(spec.rpoMillis(), confirm, RECOVER_AT_PERCENT);

    for (int checksThisRun = 0; ; checksThisRun++) {
      check(rule);
      if (checksThisRun + 1 >= maxChecks || Workflow.getInfo().isContinueAsNewSuggested()) {
        Workflow.continueAsNew(request.carrying(state));
      }
      Workflow.sleep(Duration.ofMillis(interval));
    }
  }

  /**
   * Follows the service's primary as its state has it now (a failover moves it): the search
   * attribute names it, and its own lag is not a replica's (a dead primary is the health monitor's
   * to see). When the state cannot be read, the last primary stands.
   */
  private void follow() {
    String primary;
    try {
      primary = service.current(state.service()).primarySite();
    } catch (ActivityFailure e) {
      log.warn(
          "state of {} not read, measuring against {}: {}",
          state.service(),
          state.primarySite(),
          StepTimeline.rootMessage(e));
      return;
    }
    if (primary == null) {
      return;
    }
    if (!primary.equals(state.primarySite())) {
      state = state.watching(primary);
    }
    if (!primary.equals(labelled)) {
      StandbySearchAttributes.upsert(state.service(), "replication-monitor", primary);
      labelled = primary;
    }
  }

  private void check(LagHysteresis rule) {
    follow();
    List<ReplicaLag> lags;
    try {
      lags = database.replicaLag(state.service());
    } catch (ActivityFailure e) {
      // The measurement itself failed (worker's view of the databases lost): say so in the log, try
      // again next time.
      log.warn(
          "replication lag of {} not measured: {}", state.service(), StepTimeline.rootMessage(e));
      state = state.checked();
      return;
    }
    long now = Workflow.currentTimeMillis();
    state = state.checked();
    for (ReplicaLag lag : lags) {
      if (lag.site().equals(state.primarySite())) {
        continue;
      }
      LagHysteresis.Step step = rule.next(state.replicas().get(lag.site()), lag, now);
      if (step.flipped()) {
        alert(step.replica().breached(), lag, rule.rpoMillis());
      }
      state = state.with(step.replica(), step.flipped());
    }
  }

  private void alert(boolean breached, ReplicaLag lag, long rpoMillis) {
    String text =
        breached
            ? ":warning: "
                + state.service()
                + ": replica "
                + lag.describe()
                + ", over the RPO of "
                + rpoMillis
                + " ms"
            : ":white_check_mark: "
                + state.service()
                + ": replica "
                + lag.describe()
                + ", back within the RPO of "
                + rpoMillis
                + " ms";
    try {
      notify.post(state.service(), text);
    } catch (ActivityFailure e) {
      // The state flips anyway: retrying the post on every later check would be the storm this
      // monitor avoids.
      log.warn("alert for {} not posted: {}", state.service(), StepTimeline.rootMessage(e));
    }
  }

  @Override
  public ReplicationMonitorState state() {
    return state;
  }
}
