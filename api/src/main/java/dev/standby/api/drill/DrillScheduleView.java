package dev.standby.api.drill;

import java.time.Instant;
import java.util.List;

/**
 * A drill schedule as the API shows it: what it starts, when, whether it is paused, its latest
 * runs.
 */
public record DrillScheduleView(
    String id,
    String service,
    List<String> cron,
    boolean paused,
    String note,
    List<Instant> nextRuns,
    List<String> recentRuns,
    long runs) {}
