package dev.standby.activities;

import dev.standby.model.objectsync.ObjectSyncRequest;
import dev.standby.model.objectsync.ObjectSyncResult;
import io.temporal.activity.ActivityInterface;

/**
 * The storage capability as the sync workflow uses it: one incremental pass from a source store to
 * a target.
 */
@ActivityInterface(namePrefix = "ObjectSync")
public interface ObjectSyncActivities {
  /**
   * Lists both stores in key order, copies what differs with bounded parallelism, deletes extras if
   * asked, and heartbeats the last key fully handled: a retried attempt (after a worker crash)
   * resumes after it.
   */
  ObjectSyncResult syncPass(ObjectSyncRequest request);
}
