package dev.standby.model.region;

import java.util.List;

/**
 * What the plan's {@code progress} query answers: which group runs, which waits for approval, and
 * every service's state.
 *
 * @param group the 1-based group running or waiting, 0 before the first and after the last
 */
public record RegionProgress(
    String site,
    String phase,
    int group,
    int groups,
    String waitingForApproval,
    List<RegionServiceOutcome> services) {}
