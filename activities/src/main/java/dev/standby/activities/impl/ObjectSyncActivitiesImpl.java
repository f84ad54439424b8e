package dev.standby.activities.impl;

import dev.standby.activities.CurrentActivity;
import dev.standby.activities.ObjectSyncActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.objectsync.ObjectSyncRequest;
import dev.standby.model.objectsync.ObjectSyncResult;
import dev.standby.storage.ObjectStore;
import dev.standby.storage.ObjectSyncer;
import dev.standby.storage.ObjectSyncer.Checkpoint;
import dev.standby.storage.StorageException;
import io.temporal.activity.Activity;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Runs sync passes on stores opened from the request. The pass heartbeats its checkpoint; an
 * attempt that finds one (the previous attempt's worker crashed) resumes after its last key, with
 * its counts. Each finished pass tells {@code rpoListener} the instant from which changes may be
 * unreplicated (the worker's RPO gauge).
 */
public class ObjectSyncActivitiesImpl implements ObjectSyncActivities {
  private static final String STORE_UNREACHABLE = "STORE_UNREACHABLE";
  private final ObjectStores stores;
  private final BiConsumer<String, Long> rpoListener;

  public ObjectSyncActivitiesImpl(ObjectStores stores, BiConsumer<String, Long> rpoListener) {
    this.stores = stores;
    this.rpoListener = rpoListener;
  }

  @Override
  public ObjectSyncResult syncPass(ObjectSyncRequest request) {
    List<String> problems = request.problems();
    if (!problems.isEmpty()) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT, "object sync: " + String.join("; ", problems));
    }
    ObjectStore source;
    ObjectStore target;
    try {
      source = stores.open("object sync " + request.name() + ": source", request.source());
      target = stores.open("object sync " + request.name() + ": target", request.target());
    } catch (IllegalArgumentException e) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, e.getMessage());
    }
    Checkpoint from =
        previousAttempt().orElseGet(() -> Checkpoint.start(System.currentTimeMillis()));
    try {
      target.createIfMissing();
      Checkpoint done =
          new ObjectSyncer(source, target, request.parallelismOrDefault())
              .run(request.prefix(), request.deleteExtra(), from, CurrentActivity::heartbeat);
      ObjectSyncResult result =
          new ObjectSyncResult(
              done.copied(),
              done.bytesCopied(),
              done.skipped(),
              done.bytesSkipped(),
              done.failed(),
              done.deleted(),
              done.failures(),
              done.startedAtMillis(),
              System.currentTimeMillis(),
              done.oldestFailedChangeMillis());
      rpoListener.accept(request.name(), result.rpoAnchorMillis());
      return result;
    } catch (StorageException e) {
      // Listing or creating failed: the store is down or refusing; the workflow's retry policy
      // tries again.
      throw Failures.retryable(
          STORE_UNREACHABLE, "object sync " + request.name() + ": " + e.getMessage(), e);
    }
  }

  private static Optional<Checkpoint> previousAttempt() {
    try {
      return Activity.getExecutionContext().getHeartbeatDetails(Checkpoint.class);
    } catch (IllegalStateException notInAnActivity) {
      return Optional.empty();
    }
  }
}
