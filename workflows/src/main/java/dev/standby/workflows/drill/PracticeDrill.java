package dev.standby.workflows.drill;

import dev.standby.activities.DatabaseActivities;
import dev.standby.activities.DatabaseCloneActivities;
import dev.standby.activities.HealthActivities;
import dev.standby.activities.IsolatedAppActivities;
import dev.standby.activities.TrafficActivities;
import dev.standby.activities.WriteLoadActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.model.database.SiteObservation;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.health.CheckResult;
import dev.standby.model.health.HealthReport;
import dev.standby.model.practice.CloneRecord;
import dev.standby.model.practice.FrontDoorSample;
import dev.standby.model.practice.IsolatedApp;
import dev.standby.model.practice.IsolatedServing;
import dev.standby.model.practice.PracticeReport;
import dev.standby.model.practice.PracticeSpec;
import dev.standby.workflows.StepTimeline;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A practice failover: what a failover to the standby would achieve, found without one. Nothing in
 * production moves: the standby's data is cloned with the provider's own means, a copy of the app
 * is started on the clone at an endpoint no router knows, and real requests and the integration
 * checks go there. Meanwhile a write load measures the front door, and at the end the drill proves
 * production unchanged: same weights, the replica still streaming within the RPO, no front-door
 * error and a p95 within 20% of the baseline's.
 *
 * <ol>
 *   <li>baseline-health: primary healthy, the standby a replica within the RPO, the weights;
 *   <li>front-door-baseline: writes through the front door before anything is cloned;
 *   <li>clone-database (the would-be RTO's clock starts here), start-isolated-app, serve-isolated
 *       (the first request served stops it), integration-checks;
 *   <li>stop-isolated-app and remove-clone, always: on failure and on cancellation too, in a
 *       detached scope, each idempotent, so a drill resumed by another worker cleans up as well;
 *   <li>production-unchanged, then measure against the objectives.
 * </ol>
 */
final class PracticeDrill {
  private final HealthActivities health = Workflow.newActivityStub(HealthActivities.class);
  private final DatabaseActivities database = Workflow.newActivityStub(DatabaseActivities.class);
  private final TrafficActivities traffic = Workflow.newActivityStub(TrafficActivities.class);
  private final WriteLoadActivities writeLoad = Workflow.newActivityStub(WriteLoadActivities.class);
  private final DatabaseCloneActivities clones =
      Workflow.newActivityStub(DatabaseCloneActivities.class);
  private final IsolatedAppActivities apps = Workflow.newActivityStub(IsolatedAppActivities.class);

  private final String service;
  private final String source;
  private final String target;
  private final long rpoMillis;
  private final PracticeSpec spec;
  private final StepTimeline timeline;
  private final DrillFindings findings;
  private final String key;

  private final List<String> created = new ArrayList<>();
  private final List<String> removed = new ArrayList<>();
  private CloneRecord clone;
  private IsolatedApp app;
  private IsolatedServing serving;
  private Long wouldBeRto;
  private Map<String, Integer> weightsBefore;
  private Map<String, Integer> weightsAfter;
  private String replicaAfter;
  private FrontDoorSample baseline;
  private FrontDoorSample during;
  private FrontDoorWatch watch;
  private final List<String> production = new ArrayList<>();
  private boolean productionUnchanged;

  PracticeDrill(
      String service, long rpoMillis, PracticeSpec spec, StepTimeline timeline, DrillFindings f) {
    this.service = service;
    this.source = f.source;
    this.target = f.target;
    this.rpoMillis = rpoMillis;
    this.spec = spec;
    this.timeline = timeline;
    this.findings = f;
    // One clone and one app per run: a rerun of the same drill id (a new run) never finds the last
    // run's.
    this.key =
        DrillResult.reportKey(Workflow.getInfo().getWorkflowId(), Workflow.getInfo().getRunId());
  }

  void run() {
    if (!spec.configured()) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          service
              + " has no drill.practice block in the topology (how to start a copy of the app):"
              + " nothing was changed");
    }
    checkBaseline();
    baseline =
        timeline.run(
            "front-door-baseline",
            () -> writeLoad.sample(service, spec.writers(), spec.baselineMillis()),
            PracticeDrill::describe);
    watch = FrontDoorWatch.start(service, spec.writers(), spec.sliceMillis());
    try {
      practice();
    } catch (RuntimeException e) {
      if (CancellationScope.current().isCancelRequested()) {
        cleanUp();
        throw e;
      }
      // Named now, before the clean-up's steps: a failed practice still cleans up and still
      // proves production unchanged.
      findings.reasons.add(
          "step " + timeline.currentStep() + " failed: " + StepTimeline.rootMessage(e));
    }
    cleanUp();
    proveProductionUnchanged();
  }

  private void practice() {
    long clockStart = Workflow.currentTimeMillis();
    clone =
        timeline.run(
            "clone-database",
            () -> clones.create(service, target, source, key),
            c ->
                c.provider()
                    + " clone "
                    + c.id()
                    + " of "
                    + target
                    + " at "
                    + c.host()
                    + ":"
                    + c.port()
                    + ", data "
                    + (c.dataAgeMillis() == null
                        ? "of unknown age"
                        : c.dataAgeMillis() + " ms old"));
    created.addAll(clone.created());
    app =
        timeline.run(
            "start-isolated-app",
            () -> apps.start(service, key, clone),
            a -> "isolated app at " + a.url() + " (no router sends it traffic)");
    created.addAll(app.created());
    serving =
        timeline.run(
            "serve-isolated",
            () -> apps.serve(service, app.url(), spec.requests()),
            s -> s.served() + "/" + s.requests() + " real requests served: " + s.detail());
    if (serving.firstServedAtMillis() != null) {
      wouldBeRto = serving.firstServedAtMillis() - clockStart;
      findings.rto = wouldBeRto;
    }
    if (serving.served() < serving.requests()) {
      findings.reasons.add(
          "the isolated app served "
              + serving.served()
              + " of "
              + serving.requests()
              + " requests: "
              + serving.detail());
    }
    List<CheckResult> checks =
        timeline.run(
            "integration-checks",
            () -> apps.runChecks(service, app.url()),
            list ->
                list.stream().filter(CheckResult::passed).count() + "/" + list.size() + " passed");
    findings.checks = checks;
    checks.stream()
        .filter(c -> !c.passed())
        .forEach(
            c ->
                findings.reasons.add(
                    "integration check '"
                        + c.name()
                        + "' failed on the isolated app: "
                        + c.detail()));
  }

  /**
   * The app and the clone go whatever happened: detached, so a cancellation cannot stop it, and
   * idempotent, so a step that never ran (or ran half) is harmless to undo.
   */
  private void cleanUp() {
    Workflow.newDetachedCancellationScope(
            () -> {
              removeEach(
                  "stop-isolated-app",
                  () -> apps.stop(service, key),
                  "the isolated app (key " + key + ")");
              removeEach(
                  "remove-clone",
                  () -> clones.remove(service, target, key),
                  "the clone of " + target + " (key " + key + ")");
              during = watch == null ? null : watch.finish();
              findings.practice = report();
            })
        .run();
  }

  private void removeEach(
      String step, java.util.function.Supplier<List<String>> remove, String what) {
    try {
      List<String> gone =
          timeline.run(
              step, remove, list -> list.isEmpty() ? "nothing to remove" : String.join("; ", list));
      removed.addAll(gone);
    } catch (RuntimeException e) {
      findings.reasons.add(
          "could not remove " + what + ": " + StepTimeline.rootMessage(e) + "; it may be left");
    }
  }

  private void checkBaseline() {
    Promise<HealthReport> primary = Async.function(health::probe, service, source);
    Promise<ReplicationStatus> primaryDb =
        Async.function(database::replicationStatus, service, source);
    Promise<ReplicationStatus> standbyDb =
        Async.function(database::replicationStatus, service, target);
    Promise<Map<String, Integer>> weights = Async.function(traffic::weights, service);
    timeline.run(
        "baseline-health",
        () -> {
          if (!primary.get().healthy()) {
            throw Failures.nonRetryable(
                FailureType.TARGET_UNHEALTHY,
                "baseline: " + source + " is not healthy (" + primary.get().summary() + ")");
          }
          if (primaryDb.get().role() != DatabaseRole.PRIMARY
              || standbyDb.get().role() != DatabaseRole.REPLICA) {
            throw Failures.nonRetryable(
                FailureType.TARGET_NOT_REPLICA,
                "baseline: expected "
                    + source
                    + " primary and "
                    + target
                    + " replica, found "
                    + primaryDb.get().role()
                    + " and "
                    + standbyDb.get().role());
          }
          weightsBefore = weights.get();
          return source
              + " healthy, "
              + target
              + " a replica lagging "
              + lag(standbyDb.get())
              + " ms; weights "
              + weightsBefore;
        },
        d -> d);
  }

  private void proveProductionUnchanged() {
    timeline.run(
        "production-unchanged",
        () -> {
          weightsAfter = traffic.weights(service);
          SiteObservation replica =
              database.observe(service).stream()
                  .filter(o -> o.site().equals(target))
                  .findFirst()
                  .orElse(null);
          judge(replica);
          return String.join("; ", production);
        },
        d -> d);
    if (!productionUnchanged) {
      production.stream()
          .filter(line -> line.startsWith("CHANGED"))
          .forEach(line -> findings.reasons.add("production noticed: " + line.substring(9)));
    }
    findings.practice = report();
  }

  private void judge(SiteObservation replica) {
    boolean ok = true;
    if (weightsAfter.equals(weightsBefore)) {
      production.add("weights unchanged " + weightsAfter);
    } else {
      ok = false;
      production.add("CHANGED: weights " + weightsBefore + " became " + weightsAfter);
    }
    long lag = replica == null ? -1 : lag(replica.status());
    if (replica != null
        && replica.role() == DatabaseRole.REPLICA
        && replica.streaming()
        && lag <= rpoMillis) {
      replicaAfter = target + " streaming from " + replica.upstreamSite() + ", lag " + lag + " ms";
      production.add(replicaAfter + " (RPO " + rpoMillis + " ms)");
    } else {
      ok = false;
      replicaAfter =
          replica == null
              ? target + " not observed"
              : target
                  + " is "
                  + replica.role()
                  + (replica.streaming() ? " streaming" : " not streaming")
                  + ", lag "
                  + lag
                  + " ms";
      production.add("CHANGED: " + replicaAfter + " (RPO " + rpoMillis + " ms)");
    }
    if (during == null || baseline == null) {
      ok = false;
      production.add("CHANGED: the front door was not measured while the practice ran");
    } else {
      if (during.errors() == 0) {
        production.add(
            "front door: 0 errors in "
                + during.acknowledged()
                + " writes"
                + (watch.gaps() > 0 ? " (" + watch.gaps() + " slices lost to a worker)" : ""));
      } else {
        ok = false;
        production.add(
            "CHANGED: front door: "
                + during.errors()
                + " errors in "
                + (during.acknowledged() + during.errors())
                + " writes");
      }
      Double before = baseline.p95Millis();
      Double now = during.p95Millis();
      if (before != null
          && now != null
          && (now <= before * PracticeSpec.P95_TOLERANCE
              || now - before <= PracticeSpec.P95_NOISE_FLOOR_MILLIS)) {
        production.add(
            "p95 " + now + " ms against " + before + " ms before (within 20%, or within 30 ms)");
      } else {
        ok = false;
        production.add(
            "CHANGED: p95 "
                + now
                + " ms against "
                + before
                + " ms before (more than 20% and more than 30 ms slower)");
      }
    }
    productionUnchanged = ok;
  }

  private PracticeReport report() {
    return new PracticeReport(
        clone,
        app,
        serving,
        wouldBeRto,
        clone == null ? null : clone.dataAgeMillis(),
        List.copyOf(created),
        List.copyOf(removed),
        weightsBefore,
        weightsAfter,
        replicaAfter,
        baseline,
        during,
        watch == null ? null : watch.gaps(),
        productionUnchanged,
        List.copyOf(production));
  }

  private static long lag(ReplicationStatus s) {
    return s.lagMillis() == null ? 0 : s.lagMillis();
  }

  static String describe(FrontDoorSample s) {
    return s.acknowledged()
        + " writes acknowledged "
        + s.acknowledgedBySite()
        + ", "
        + s.errors()
        + " errors, p95 "
        + s.p95Millis()
        + " ms";
  }
}
