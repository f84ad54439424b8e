package dev.standby.model.region;

import java.util.List;

/**
 * @param planRtoMillis from the incident (or the plan's start) to the last service served by its
 *     target; null when none was served
 */
public record RegionFailoverResult(
    String site,
    RegionOutcome outcome,
    long startedAtMillis,
    long completedAtMillis,
    Long incidentStartedAtMillis,
    Long planRtoMillis,
    List<RegionServiceOutcome> services,
    List<String> notes) {

  public RegionFailoverResult {
    services = services == null ? List.of() : List.copyOf(services);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }
}
