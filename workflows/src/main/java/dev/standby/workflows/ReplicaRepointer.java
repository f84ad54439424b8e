package dev.standby.workflows;

import dev.standby.activities.DatabaseActivities;
import dev.standby.model.Failures;
import dev.standby.model.database.ResyncResult;
import io.temporal.failure.ActivityFailure;

/**
 * After a promotion, makes another replica follow the new primary: re-pointed in place
 * (primary_conninfo and a reload) when it has not replayed past the promotion, else rewound onto
 * the new timeline. The promotion has succeeded by then, so a replica that cannot follow is
 * reported in words, never thrown: the service's state then says it does not stream.
 */
public final class ReplicaRepointer {
  private final String service;
  private final DatabaseActivities database;
  private final StepTimeline timeline;

  public ReplicaRepointer(String service, DatabaseActivities database, StepTimeline timeline) {
    this.service = service;
    this.database = database;
    this.timeline = timeline;
  }

  /**
   * Steps {@code repoint-<site>} and, when that fails, {@code rewind-<site>}.
   *
   * @param forkLsn where the new primary was promoted (null: unknown, then only whether it streams
   *     tells a diverged replica)
   * @return what became of it, e.g. {@code site-c streams from site-b (REPOINT)}; starts with
   *     {@code "<site> does not follow"} when neither worked
   */
  public String repoint(String site, String newPrimary, String forkLsn) {
    try {
      ResyncResult r =
          timeline.run(
              "repoint-" + site,
              () -> database.repoint(service, site, newPrimary, forkLsn),
              x -> describe(x, newPrimary));
      return site + " streams from " + newPrimary + " (" + r.method() + ")";
    } catch (ActivityFailure e) {
      String why = Failures.rootCause(e).getMessage();
      try {
        ResyncResult r =
            timeline.run(
                "rewind-" + site,
                // A rewind needs the replica's own host: it runs on its site's queue.
                () -> SiteHosts.database(site).resyncAsReplica(service, site, newPrimary),
                x -> describe(x, newPrimary));
        return site + " streams from " + newPrimary + " (" + r.method() + " after: " + why + ")";
      } catch (ActivityFailure again) {
        return site
            + " does not follow "
            + newPrimary
            + ": "
            + why
            + "; and its rewind failed: "
            + Failures.rootCause(again).getMessage();
      }
    }
  }

  private static String describe(ResyncResult r, String newPrimary) {
    return r.site()
        + " streams from "
        + newPrimary
        + " ("
        + r.method()
        + ", replayed "
        + r.replayLsn()
        + ")";
  }
}
