package dev.standby.model.database;

/**
 * One replica's lag as measured now.
 *
 * @param lagMillis null when it cannot be measured (replica unreachable, no CloudWatch datum): that
 *     counts as over the objective, since nobody can say the data is safe
 * @param source how it was measured: {@code pg_last_xact_replay_timestamp}, {@code
 *     pg_stat_replication} (the larger of the two wins for PostgreSQL), {@code
 *     cloudwatch:ReplicaLag}
 */
public record ReplicaLag(
    String site,
    String provider,
    Long lagMillis,
    String source,
    long measuredAtMillis,
    String error) {

  public String describe() {
    return site
        + " "
        + (lagMillis == null
            ? "lag unknown" + (error == null ? "" : " (" + error + ")")
            : "lags " + lagMillis + " ms")
        + " ["
        + source
        + "]";
  }
}
