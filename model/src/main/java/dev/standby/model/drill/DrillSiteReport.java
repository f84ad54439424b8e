package dev.standby.model.drill;

/**
 * One site of a service as a failover drill left it: the target with the drill's RTO and RPO, every
 * other standby with how far it had replayed when the failover read it (what it would have lost had
 * it been chosen) and how it came to follow the new primary, a backup-only site as never a
 * candidate.
 *
 * @param replayLsn how far its database had replayed when the failover read the candidates (the
 *     target: what it had replayed when promoted); null when unknown
 * @param lagMillis its replay lag at that reading; null when unknown
 * @param behindBytes bytes of WAL it had replayed less than the target had when promoted: what a
 *     failover to it would have lost at least; null for the target and when unknown
 * @param rtoMillis the target only: the drill's RTO
 * @param lostWrites the target only: acknowledged writes the drill found missing on it
 * @param lossWindowMillis the target only: the window those writes were acknowledged in
 * @param repointed a standby: what became of it after the promotion, in the failover's words
 * @param followingAfterMillis a standby: from the end of the promotion until it streamed from the
 *     new primary and had caught up; null when it never did
 * @param note a backup-only site's last backup known to the service, or why a figure is missing
 */
public record DrillSiteReport(
    String site,
    Role role,
    int priority,
    String replayLsn,
    Long lagMillis,
    Long behindBytes,
    Long rtoMillis,
    Long lostWrites,
    Long lossWindowMillis,
    String repointed,
    Long followingAfterMillis,
    String note) {

  /** What the site was in the drill. */
  public enum Role {
    /** The primary the drill failed over from. */
    SOURCE,
    /** The standby the drill failed over to. */
    TARGET,
    /** Another standby: re-pointed to follow the target. */
    STANDBY,
    /** Holds copies only: never a candidate. */
    BACKUP_ONLY
  }

  /** The site in one line, as the report shows it. */
  public String line() {
    StringBuilder s = new StringBuilder(site).append(": ");
    switch (role) {
      case SOURCE -> s.append("the primary failed over from");
      case TARGET -> {
        s.append("target (priority ").append(priority).append("), RTO ");
        s.append(rtoMillis == null ? "not measured" : rtoMillis + " ms").append(", RPO ");
        s.append(
            lostWrites == null
                ? "not measured"
                : lostWrites
                    + " acknowledged writes lost"
                    + (lossWindowMillis == null ? "" : " over " + lossWindowMillis + " ms"));
        if (replayLsn != null) {
          s.append(", promoted at ").append(replayLsn);
        }
        s.append(lagMillis == null ? "" : ", lag " + lagMillis + " ms before the failover");
      }
      case STANDBY -> {
        s.append("standby (priority ").append(priority).append("), ");
        s.append(replayLsn == null ? "replay position unknown" : "replayed " + replayLsn);
        s.append(lagMillis == null ? "" : ", lag " + lagMillis + " ms");
        if (behindBytes != null) {
          s.append(", ")
              .append(behindBytes)
              .append(" bytes of WAL behind the target: would have lost them");
        }
        s.append("; ").append(repointed == null ? "not re-pointed" : repointed);
        if (followingAfterMillis != null) {
          s.append(", streaming and caught up ")
              .append(followingAfterMillis)
              .append(" ms after the promotion");
        }
      }
      case BACKUP_ONLY -> s.append("backup-only, never a candidate");
    }
    if (note != null) {
      s.append(" (").append(note).append(')');
    }
    return s.toString();
  }
}
