package dev.standby.workflows.objectsync;

import dev.standby.activities.ObjectSyncActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.objectsync.ObjectSyncProgress;
import dev.standby.model.objectsync.ObjectSyncRequest;
import dev.standby.model.objectsync.ObjectSyncResult;
import dev.standby.model.objectsync.StoreSpec;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.StepTimeline;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class ObjectSyncWorkflowImpl implements ObjectSyncWorkflow {
  private final ObjectSyncActivities sync = Workflow.newActivityStub(ObjectSyncActivities.class);
  private final TopologyActivities topology = Workflow.newActivityStub(TopologyActivities.class);
  private final ServiceActivities services = Workflow.newActivityStub(ServiceActivities.class);
  private ObjectSyncProgress progress;
  private boolean stopRequested;

  @Override
  public ObjectSyncProgress sync(ObjectSyncRequest request) {
    List<String> problems = request.problems();
    if (!problems.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "object sync: " + String.join("; ", problems), FailureType.INVALID_INPUT.type());
    }
    progress =
        request.carried() != null ? request.carried() : ObjectSyncProgress.start(request.name());
    Map<String, StoreSpec> stores;
    if (request.followsService()) {
      StandbySearchAttributes.upsert(request.service(), "object-sync", null);
      // Read once per run: a topology changes with a worker restart, and a run is bounded.
      stores = topology.describeObjectStores(request.service());
    } else {
      StandbySearchAttributes.upsert(request.name(), "object-sync", request.target().describe());
      stores = null;
    }
    for (int passesThisRun = 1; ; passesThisRun++) {
      progress = progress.in("copying", Workflow.currentTimeMillis());
      try {
        ObjectSyncResult pass =
            stores == null ? sync.syncPass(request) : fromThePrimary(request, stores);
        progress = progress.after(pass, Workflow.currentTimeMillis());
      } catch (ActivityFailure e) {
        if (!request.continuous() || isInvalidInput(e)) {
          throw e;
        }
        // A continuous sync outlives a bad pass (a store down for hours): the RPO shows the cost,
        // the next pass retries.
        progress = progress.failedPass(StepTimeline.rootMessage(e), Workflow.currentTimeMillis());
      } catch (SitesFailed e) {
        if (!request.continuous()) {
          throw Failures.nonRetryable(
              FailureType.VERIFICATION_FAILED,
              "object sync " + request.name() + " " + e.getMessage());
        }
        progress = progress.failedPass(e.getMessage(), Workflow.currentTimeMillis());
      }
      if (!request.continuous()) {
        return progress.in("done", Workflow.currentTimeMillis());
      }
      Workflow.await(Duration.ofSeconds(request.intervalSeconds()), () -> stopRequested);
      if (stopRequested) {
        return progress.in("stopped", Workflow.currentTimeMillis());
      }
      if (passesThisRun >= request.maxPassesPerRunOrDefault()
          || Workflow.getInfo().isContinueAsNewSuggested()) {
        Workflow.continueAsNew(request.carrying(progress));
      }
    }
  }

  /**
   * A service's pass: the primary is read from the service's state now (after a failover, the new
   * one), and its store copied into every other site's at once. One site that fails fails the pass
   * (the RPO keeps growing) after the others have been copied.
   */
  private ObjectSyncResult fromThePrimary(
      ObjectSyncRequest request, Map<String, StoreSpec> stores) {
    String primary = services.current(request.service()).primarySite();
    StoreSpec from = stores.get(primary);
    if (from == null) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "object sync "
              + request.name()
              + ": "
              + request.service()
              + "'s primary "
              + primary
              + " has no object store (sites."
              + primary
              + ".objects); the service's stores: "
              + stores.keySet());
    }
    progress = progress.copyingFrom(primary);
    Map<String, Promise<ObjectSyncResult>> passes = new LinkedHashMap<>();
    stores.forEach(
        (site, into) -> {
          if (!site.equals(primary)) {
            passes.put(site, Async.function(sync::syncPass, request.passInto(site, from, into)));
          }
        });
    List<ObjectSyncResult> done = new ArrayList<>();
    ActivityFailure failed = null;
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, Promise<ObjectSyncResult>> p : passes.entrySet()) {
      try {
        done.add(p.getValue().get());
      } catch (ActivityFailure e) {
        failed = failed == null ? e : failed;
        failures.add(p.getKey() + ": " + StepTimeline.rootMessage(e));
      }
    }
    if (failed != null) {
      if (isInvalidInput(failed) || failures.size() == 1) {
        throw failed;
      }
      throw new SitesFailed("from " + primary + ": " + String.join("; ", failures));
    }
    return merged(done);
  }

  /** Every site's pass as one: counts summed, the oldest start and failed change, the last end. */
  private static ObjectSyncResult merged(List<ObjectSyncResult> passes) {
    long copied = 0, bytesCopied = 0, skipped = 0, bytesSkipped = 0, failedCount = 0, deleted = 0;
    long started = Long.MAX_VALUE, finished = 0;
    Long oldestFailed = null;
    List<String> failures = new ArrayList<>();
    for (ObjectSyncResult r : passes) {
      copied += r.copied();
      bytesCopied += r.bytesCopied();
      skipped += r.skipped();
      bytesSkipped += r.bytesSkipped();
      failedCount += r.failed();
      deleted += r.deleted();
      failures.addAll(r.failures());
      started = Math.min(started, r.startedAtMillis());
      finished = Math.max(finished, r.finishedAtMillis());
      if (r.oldestFailedChangeMillis() != null) {
        oldestFailed =
            oldestFailed == null
                ? r.oldestFailedChangeMillis()
                : Math.min(oldestFailed, r.oldestFailedChangeMillis());
      }
    }
    if (passes.isEmpty()) {
      started = Workflow.currentTimeMillis();
      finished = started;
    }
    return new ObjectSyncResult(
        copied,
        bytesCopied,
        skipped,
        bytesSkipped,
        failedCount,
        deleted,
        failures,
        started,
        finished,
        oldestFailed);
  }

  private static boolean isInvalidInput(ActivityFailure e) {
    return e.getCause() instanceof ApplicationFailure a
        && FailureType.INVALID_INPUT.type().equals(a.getType());
  }

  @Override
  public ObjectSyncProgress progress() {
    return progress == null ? null : progress.in(progress.state(), Workflow.currentTimeMillis());
  }

  @Override
  public void stop() {
    stopRequested = true;
  }

  /** Passes into several sites failed: each is named, with why. */
  private static final class SitesFailed extends RuntimeException {
    SitesFailed(String message) {
      super(message, null, false, false);
    }
  }
}
