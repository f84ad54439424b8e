package dev.standby.model.practice;

import java.util.List;

/**
 * A writable clone of a site's database, made for a practice failover without touching the replica
 * or the primary.
 *
 * @param key what the clone is filed under (the drill's run): creating or removing it again with
 *     the same key finds the same clone
 * @param provider the adapter that made it ({@code postgresql}, {@code rds}, {@code cloudsql},
 *     {@code azure-postgresql})
 * @param host where the clone answers; with {@code port} all an app needs besides the credentials,
 *     which stay in the worker
 * @param lastCommitAtMillis the clone's last commit (its data is as of this moment), or null when
 *     the provider does not say
 * @param primaryAtMillis the primary's last commit (or, when it cannot say, the time) when the
 *     clone was taken
 * @param caughtUp the clone holds every commit the primary had at that moment (same WAL position)
 * @param created what was created, one line each, for the report
 */
public record CloneRecord(
    String key,
    String provider,
    String site,
    String id,
    String host,
    int port,
    Long lastCommitAtMillis,
    long primaryAtMillis,
    boolean caughtUp,
    long readyAtMillis,
    List<String> created) {

  /** How old the clone's data was against the primary's when it was taken; 0 when caught up. */
  public Long dataAgeMillis() {
    if (caughtUp) {
      return 0L;
    }
    return lastCommitAtMillis == null ? null : Math.max(0, primaryAtMillis - lastCommitAtMillis);
  }
}
