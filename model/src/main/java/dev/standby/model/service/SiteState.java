package dev.standby.model.service;

import dev.standby.model.database.DatabaseRole;

/**
 * One site of a service as the service last saw it.
 *
 * @param role the database's role as last observed
 * @param condition where the site stands in the service's state machine
 * @param follows for a replica, the site whose primary it streams from (null when not streaming or
 *     unknown)
 * @param streaming a replica receiving WAL right now
 * @param lagMillis a replica's replay lag, when known
 * @param writable a primary that takes writes (not fenced)
 * @param observedAtMillis when the database was last read (0: never)
 * @param detail why the site is in this condition, for people
 */
public record SiteState(
    String site,
    DatabaseRole role,
    SiteCondition condition,
    String follows,
    boolean streaming,
    Long lagMillis,
    boolean writable,
    long observedAtMillis,
    String detail) {

  public static SiteState unobserved(String site, DatabaseRole role, SiteCondition condition) {
    return new SiteState(site, role, condition, null, false, null, false, 0, "not observed yet");
  }

  public SiteState withCondition(SiteCondition next, String why) {
    return new SiteState(
        site, role, next, follows, streaming, lagMillis, writable, observedAtMillis, why);
  }
}
