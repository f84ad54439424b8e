package dev.standby.model.region;

import java.util.List;

/**
 * A region plan as the topology declares it ({@code regionPlans.<site>}), or the defaults for a
 * site that declares none.
 *
 * @param groups in order; empty means "every service of the site, grouped by {@code dependsOn}"
 * @param maxParallel how many services of a group fail over at once
 * @param groupTimeoutMillis how long a group may take before its unfinished services count as
 *     failed (they go on: a failover cut in half is worse than a slow one)
 * @param trigger null when only people start the plan
 */
public record RegionPlanSpec(
    String site,
    List<RegionGroup> groups,
    int maxParallel,
    OnServiceFailure onServiceFailure,
    long groupTimeoutMillis,
    RegionTrigger trigger) {

  public static final int DEFAULT_MAX_PARALLEL = 10;
  public static final long DEFAULT_GROUP_TIMEOUT_MILLIS = 15 * 60_000L;

  public RegionPlanSpec {
    groups = groups == null ? List.of() : List.copyOf(groups);
    onServiceFailure = onServiceFailure == null ? OnServiceFailure.CONTINUE : onServiceFailure;
  }

  /** The plan of a site the topology declares none for: dependsOn order, no approvals. */
  public static RegionPlanSpec defaults(String site) {
    return new RegionPlanSpec(
        site,
        List.of(),
        DEFAULT_MAX_PARALLEL,
        OnServiceFailure.CONTINUE,
        DEFAULT_GROUP_TIMEOUT_MILLIS,
        null);
  }
}
