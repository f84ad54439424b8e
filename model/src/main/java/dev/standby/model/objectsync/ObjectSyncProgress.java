package dev.standby.model.objectsync;

/**
 * What a sync workflow reports: passes run, totals over them, the last pass, and the object RPO.
 * The RPO is an upper bound on the age of the oldest source change not yet replicated: the time
 * since the last pass began listing (changes after that are not yet seen) or since the oldest
 * change that failed to copy, whichever is older. {@code rpoAnchorMillis} is that instant; {@code
 * rpoSeconds} is the age at the workflow's last event (a query cannot see a later clock), null
 * until a pass has finished; the worker's gauge computes it live. {@code lastError} is why the last
 * pass failed, if it did. {@code from} is, for a service's sync, the site whose store the last pass
 * copied from (its primary then); null for a sync between two named stores.
 */
public record ObjectSyncProgress(
    String name,
    String state,
    long passes,
    long copied,
    long bytesCopied,
    long skipped,
    long bytesSkipped,
    long failed,
    long deleted,
    ObjectSyncResult lastPass,
    Long rpoAnchorMillis,
    Long rpoSeconds,
    String lastError,
    String from) {

  public static ObjectSyncProgress start(String name) {
    return new ObjectSyncProgress(
        name, "starting", 0, 0, 0, 0, 0, 0, 0, null, null, null, null, null);
  }

  public ObjectSyncProgress after(ObjectSyncResult pass, long nowMillis) {
    return new ObjectSyncProgress(
        name,
        "waiting",
        passes + 1,
        copied + pass.copied(),
        bytesCopied + pass.bytesCopied(),
        skipped + pass.skipped(),
        bytesSkipped + pass.bytesSkipped(),
        failed + pass.failed(),
        deleted + pass.deleted(),
        pass,
        pass.rpoAnchorMillis(),
        Math.max(0, nowMillis - pass.rpoAnchorMillis()) / 1000,
        null,
        from);
  }

  /**
   * A pass that failed changes no counts and leaves the RPO anchor where it was (so the RPO keeps
   * growing).
   */
  public ObjectSyncProgress failedPass(String error, long nowMillis) {
    return new ObjectSyncProgress(
        name,
        "waiting",
        passes + 1,
        copied,
        bytesCopied,
        skipped,
        bytesSkipped,
        failed,
        deleted,
        lastPass,
        rpoAnchorMillis,
        rpoAnchorMillis == null ? null : Math.max(0, nowMillis - rpoAnchorMillis) / 1000,
        error,
        from);
  }

  public ObjectSyncProgress in(String newState, long nowMillis) {
    return new ObjectSyncProgress(
        name,
        newState,
        passes,
        copied,
        bytesCopied,
        skipped,
        bytesSkipped,
        failed,
        deleted,
        lastPass,
        rpoAnchorMillis,
        rpoAnchorMillis == null ? null : Math.max(0, nowMillis - rpoAnchorMillis) / 1000,
        lastError,
        from);
  }

  /**
   * The same, copying from {@code site}'s store from now on (a service's sync, after a failover).
   */
  public ObjectSyncProgress copyingFrom(String site) {
    return new ObjectSyncProgress(
        name,
        state,
        passes,
        copied,
        bytesCopied,
        skipped,
        bytesSkipped,
        failed,
        deleted,
        lastPass,
        rpoAnchorMillis,
        rpoSeconds,
        lastError,
        site);
  }
}
