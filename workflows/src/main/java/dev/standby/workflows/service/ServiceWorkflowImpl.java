package dev.standby.workflows.service;

import dev.standby.activities.NotifyActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.model.ServiceSpec;
import dev.standby.model.database.SiteObservation;
import dev.standby.model.service.Admission;
import dev.standby.model.service.AdmissionRequest;
import dev.standby.model.service.HistoryEntry;
import dev.standby.model.service.Operation;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceRunRequest;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteCondition;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

public class ServiceWorkflowImpl implements ServiceWorkflow {
  private static final Logger log = Workflow.getLogger(ServiceWorkflowImpl.class);

  /** Ticks per run before continuing as new: a service lives for years, its history must not. */
  static final int TICKS_PER_RUN = 500;

  /** How often, at most, the service asks Temporal whether its operation's run is still open. */
  static final long LIVENESS_EVERY_MILLIS = 30_000;

  private final TopologyActivities topology = Workflow.newActivityStub(TopologyActivities.class);
  private final ServiceActivities runs = Workflow.newActivityStub(ServiceActivities.class);
  private final NotifyActivities notify = Workflow.newActivityStub(NotifyActivities.class);

  private ServiceState state;
  private ServiceSpec spec;
  private SiteWatch sites;
  private OwnMonitor monitor;
  private FailoverRetry retry;

  /** An operation admitted inside the outer one (a drill's failover), or null. */
  private Operation nested;

  private boolean wake;
  private long livenessCheckedAt;

  /** Admissions wait for the first reading of the databases: a fresh state knows nothing yet. */
  private boolean observedOnce;

  @Override
  public void run(ServiceRunRequest request) {
    spec = topology.describeService(request.service());
    boolean fresh = request.carried() == null;
    state =
        fresh
            ? ServiceState.initial(
                    spec.name(), spec.primarySite(), spec.sites(), spec.backupOnlySites())
                .withWatching(request.watchFromStart())
            : request.carried();
    sites = new SiteWatch(spec);
    monitor = new OwnMonitor(spec.name(), runs, !fresh && state.watching());
    retry = new FailoverRetry();
    if (fresh) {
      log.info("service {} starts from the topology: primary {}", spec.name(), spec.primarySite());
    }
    reconcile(fresh);
    observedOnce = true;

    for (int tick = 0; ; tick++) {
      aimMonitor();
      long interval = request.reconcileEveryMillis();
      Workflow.await(Duration.ofMillis(interval), () -> wake);
      wake = false;
      reconcile(false);
      checkOperationStillRuns();
      if ((tick + 1 >= TICKS_PER_RUN || Workflow.getInfo().isContinueAsNewSuggested())
          && canContinueAsNew()) {
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(request.carrying(state));
      }
    }
  }

  /**
   * Reads every site's database and takes in what it says; fences a writable primary that is not
   * the recorded one, unless an operation that moves the primary is running (it is the one
   * promoting). Each change is applied to the state as it is after the read: admissions may have
   * changed it meanwhile.
   */
  private void reconcile(boolean adopt) {
    List<SiteObservation> seen = sites.observe();
    long now = Workflow.currentTimeMillis();
    SiteWatch.Applied applied = SiteWatch.apply(state, seen, spec.rpoMillis(), now, adopt);
    state = applied.state().updatedAt(now);
    applied.notes().forEach(note -> log.info("service {}: {}", spec.name(), note));
    if (movesThePrimary(state.operation()) || nested != null) {
      return;
    }
    for (String zombie : SiteWatch.secondPrimaries(state, seen)) {
      alarm(
          "two writable primaries: "
              + zombie
              + " takes writes besides the recorded primary "
              + state.primarySite()
              + "; fencing "
              + zombie);
      String how = sites.fence(zombie, state.primarySite());
      long fencedAt = Workflow.currentTimeMillis();
      state =
          mark(state, zombie, SiteCondition.NEEDS_RESYNC, "fenced by the service: " + how)
              .recording(HistoryEntry.event("fence", fencedAt, zombie + ": " + how))
              .updatedAt(fencedAt);
    }
  }

  /**
   * Backups and restore checks read, and so do the drills that do not fail over (tabletop,
   * practice: admitted unplanned); every other operation may promote a database.
   */
  private static boolean movesThePrimary(Operation op) {
    return op != null
        && op.kind() != OperationKind.BACKUP
        && op.kind() != OperationKind.RESTORE_VERIFY
        && !(op.kind() == OperationKind.DRILL && !op.planned());
  }

  /**
   * The monitor watches the current primary, only while nobody moves the service on purpose, and
   * after a failed failover only once its backoff has passed.
   */
  private void aimMonitor() {
    // While any operation runs the monitor stays as it is: paused for a planned one, and ended for
    // an unplanned failover, which the monitor itself started.
    boolean wanted =
        state.watching()
            && state.operation() == null
            && nested == null
            && retry.due(Workflow.currentTimeMillis());
    if (wanted) {
      monitor.ensureWatching(state.primarySite(), state.failoverTarget());
    }
  }

  /** A run that closed without reporting (terminated, timed out) does not hold the service. */
  private void checkOperationStillRuns() {
    long now = Workflow.currentTimeMillis();
    if (now - livenessCheckedAt < LIVENESS_EVERY_MILLIS) {
      return;
    }
    livenessCheckedAt = now;
    if (nested != null && !runs.isOpen(nested.workflowId(), nested.runId())) {
      ended(abandoned(nested));
    }
    Operation op = state.operation();
    if (op != null && !runs.isOpen(op.workflowId(), op.runId())) {
      ended(abandoned(op));
    }
  }

  private boolean canContinueAsNew() {
    return nested == null && retry.due(Workflow.currentTimeMillis()) && !monitor.starting();
  }

  @Override
  public ServiceState state() {
    return state;
  }

  @Override
  public void validateAdmit(AdmissionRequest request) {
    if (request == null
        || request.kind() == null
        || request.workflowId() == null
        || request.service() == null) {
      throw new IllegalArgumentException(
          "an admission request needs service, kind and workflowId: " + request);
    }
    if (state != null && !request.service().equals(state.service())) {
      throw new IllegalArgumentException(
          "this is the service " + state.service() + ", not " + request.service());
    }
  }

  @Override
  public Admission admit(AdmissionRequest request) {
    Workflow.await(() -> observedOnce);
    long now = Workflow.currentTimeMillis();
    Operation running = state.operation();
    if (isSameRun(running, request) || isSameRun(nested, request)) {
      return Admission.admit(state, null);
    }
    if (running != null
        && request.onBehalfOf() != null
        && request.onBehalfOf().equals(running.workflowId())) {
      if (nested != null) {
        return Admission.refuse(
            state, nested, state.service() + " is busy: " + describe(nested) + " runs inside it");
      }
      nested = request.toOperation(now);
      state = Transitions.began(state, request).updatedAt(now);
      return Admission.admit(state, null);
    }
    String preempted = null;
    if (running != null) {
      if (!preempts(request, running)) {
        return Admission.refuse(state, running, refusal(running));
      }
      preempted = running.workflowId();
      state =
          state
              .withOperation(null)
              .recording(
                  new HistoryEntry(
                      running.kind().label(),
                      null,
                      running.workflowId(),
                      running.requestedBy(),
                      running.startedAtMillis(),
                      now,
                      OperationOutcome.PREEMPTED,
                      null,
                      null,
                      null,
                      null,
                      null,
                      "canceled for " + request.workflowId() + ", an unplanned failover"));
    }
    // Only a drill that fails over needs somewhere to come back to; a practice or a tabletop drill
    // (unplanned: production is not moved) of an unprotected service still runs and says so.
    if (request.kind() == OperationKind.DRILL
        && request.planned()
        && request.scheduled()
        && !state.protectedNow()) {
      return Admission.refuse(
          state,
          null,
          state.service()
              + " is not protected ("
              + state.protection()
              + "): a scheduled drill would fail it over with nowhere to go back");
    }
    // Taken before anything below blocks, so a second request in the meantime sees it.
    state =
        Transitions.began(state.withOperation(request.toOperation(now)), request).updatedAt(now);
    if (preempted != null) {
      runs.cancelRun(preempted, "preempted by " + request.workflowId());
    }
    if (request.planned()) {
      monitor.pause();
    }
    return Admission.admit(state, preempted);
  }

  private static boolean isSameRun(Operation op, AdmissionRequest request) {
    return op != null
        && op.workflowId().equals(request.workflowId())
        && (op.runId() == null || op.runId().equals(request.runId()));
  }

  /**
   * An unplanned failover cannot wait for a drill, a backup or a restore check: the service is
   * down. It never preempts another failover, a failback or a runbook, which move the service
   * themselves.
   */
  private static boolean preempts(AdmissionRequest request, Operation running) {
    return request.kind() == OperationKind.FAILOVER
        && !request.planned()
        && running.kind().yieldsToUnplannedFailover();
  }

  private String refusal(Operation running) {
    return state.service() + " is busy: " + describe(running) + "; one operation at a time";
  }

  private static String describe(Operation op) {
    return op.describe()
        + ", running since "
        + java.time.Instant.ofEpochMilli(op.startedAtMillis());
  }

  @Override
  public void finish(OperationReport report) {
    if (state == null) {
      return;
    }
    if (isReport(nested, report) || isReport(state.operation(), report)) {
      ended(report);
      return;
    }
    log.info(
        "service {}: report of {} ({}), which it had not admitted or already saw end: kept in the"
            + " history only if it moved the primary",
        state.service(),
        report.workflowId(),
        report.outcome());
    if (report.primarySite() != null && !report.primarySite().equals(state.primarySite())) {
      ended(report);
    }
  }

  private static boolean isReport(Operation op, OperationReport report) {
    return op != null
        && op.workflowId().equals(report.workflowId())
        && (op.runId() == null || report.runId() == null || op.runId().equals(report.runId()));
  }

  private void ended(OperationReport report) {
    long now = Workflow.currentTimeMillis();
    // The admitted operation the report ends, or null for a report of a run never admitted (its
    // history entry then names nobody's request).
    Operation op = null;
    if (isReport(nested, report)) {
      op = nested;
      nested = null;
    } else if (isReport(state.operation(), report)) {
      op = state.operation();
      state = state.withOperation(null);
    }
    state = Transitions.ended(state, report, op, now).updatedAt(now);
    if (report.kind() == OperationKind.FAILOVER) {
      monitor.failoverEnded();
      if (report.outcome() == OperationOutcome.COMPLETED) {
        retry.succeeded();
      } else if (report.outcome() == OperationOutcome.FAILED
          && report.subtype() != null
          && report.subtype().equals("UNPLANNED")) {
        long delay = retry.failed(now);
        alarm(
            "the unplanned failover "
                + report.workflowId()
                + " failed ("
                + report.detail()
                + "); "
                + state.service()
                + " may be down: the monitor watches "
                + state.primarySite()
                + " again in "
                + delay / 1000
                + " s and fails over again if it is still down");
      }
    }
    wake = true;
  }

  private static OperationReport abandoned(Operation op) {
    return new OperationReport(
        null,
        op.kind(),
        null,
        op.workflowId(),
        op.runId(),
        OperationOutcome.ABANDONED,
        null,
        null,
        null,
        false,
        null,
        null,
        null,
        "its run closed without telling the service how it ended (terminated or timed out)",
        List.of());
  }

  @Override
  public void watch(boolean on) {
    Workflow.await(() -> state != null);
    state = state.withWatching(on);
    if (!on) {
      monitor.pause();
    }
    wake = true;
  }

  @Override
  public void reconcileNow() {
    wake = true;
  }

  /** Says it in the service's channel and keeps it in the state until the world looks right. */
  private void alarm(String text) {
    long now = Workflow.currentTimeMillis();
    List<String> alarms = new ArrayList<>(state.alarms());
    alarms.add(text);
    while (alarms.size() > 10) {
      alarms.remove(0);
    }
    state = state.withAlarms(alarms).recording(HistoryEntry.event("alarm", now, text));
    log.warn("service {}: ALARM {}", state.service(), text);
    try {
      notify.post(state.service(), ":rotating_light: " + state.service() + ": " + text);
    } catch (RuntimeException e) {
      // The alarm stays in the state and the metrics; a chat that cannot be reached must not stop
      // the service from fencing.
      log.warn("service {}: could not post the alarm: {}", state.service(), e.getMessage());
    }
  }

  /** Marks the site's condition; kept until observation or an operation changes it. */
  static ServiceState mark(ServiceState s, String site, SiteCondition condition, String why) {
    if (site == null || s.site(site) == null) {
      return s;
    }
    return s.withSite(s.site(site).withCondition(condition, why));
  }
}
