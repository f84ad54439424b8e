package dev.standby.model.region;

import java.util.List;

/**
 * A region plan resolved against the services' states when it starts: the groups hold only the
 * services whose primary is at the site now; the others are {@code skipped}, with the reason.
 */
public record RegionPlan(
    String site,
    List<RegionGroup> groups,
    List<RegionServiceOutcome> skipped,
    int maxParallel,
    OnServiceFailure onServiceFailure,
    long groupTimeoutMillis) {

  public RegionPlan {
    groups = groups == null ? List.of() : List.copyOf(groups);
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
  }
}
