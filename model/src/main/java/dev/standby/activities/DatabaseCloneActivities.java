package dev.standby.activities;

import dev.standby.model.practice.CloneRecord;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Database clones for practice failovers: a writable copy of a site's database made with the
 * provider's own means (a base backup of the replica into a scratch cluster on this machine, RDS
 * point-in-time restore, Cloud SQL clone, Azure flexible server point-in-time restore), never
 * touching the replica's or the primary's state. Both methods are idempotent per key.
 */
@ActivityInterface(namePrefix = "Clone")
public interface DatabaseCloneActivities {

  /**
   * Clones the database of {@code site} under {@code key} and waits until the clone takes writes;
   * the primary at {@code primarySite} is read at clone time to say how old the clone's data is. A
   * clone already made under the key is returned as it is; a half-made one (its worker died) is
   * removed and made again.
   */
  @ActivityMethod
  CloneRecord create(String service, String site, String primarySite, String key);

  /**
   * Removes the clone made under {@code key} and all it left (server, files, instance). Returns
   * what it removed, one line each; nothing when there was nothing.
   */
  @ActivityMethod
  List<String> remove(String service, String site, String key);
}
