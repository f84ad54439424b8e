package dev.standby.model.objectsync;

import java.util.List;

/**
 * One sync pass: objects and bytes copied, skipped (already current) and failed; objects deleted
 * from the target. {@code startedAtMillis} is when the pass began listing (kept across a resumed
 * attempt): every change made before it is replicated unless it failed. {@code
 * oldestFailedChangeMillis} is the source modification time of the oldest object that failed (null
 * when none did).
 */
public record ObjectSyncResult(
    long copied,
    long bytesCopied,
    long skipped,
    long bytesSkipped,
    long failed,
    long deleted,
    List<String> failures,
    long startedAtMillis,
    long finishedAtMillis,
    Long oldestFailedChangeMillis) {

  /**
   * The instant from which changes may be unreplicated: the age of the oldest pending change is at
   * most now minus this.
   */
  public long rpoAnchorMillis() {
    return oldestFailedChangeMillis == null
        ? startedAtMillis
        : Math.min(startedAtMillis, oldestFailedChangeMillis);
  }
}
