package dev.standby.api.region;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.standby.api.runs.LatestRun;
import dev.standby.api.runs.QueryAnswer;
import dev.standby.api.runs.RunFailure;
import dev.standby.api.runs.RunSummary;
import dev.standby.model.region.RegionFailoverResult;
import dev.standby.model.region.RegionProgress;

/**
 * The answer of {@code GET /region-failovers/{site}}: the latest plan's status and link, every
 * service's state while it runs, and the result (every RTO and RPO, the plan's RTO) once it ended.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegionFailoverStatus(
    @JsonUnwrapped RunSummary run,
    RegionProgress progress,
    String progressUnavailable,
    RegionFailoverResult result,
    RunFailure failure) {

  static RegionFailoverStatus of(LatestRun run) {
    QueryAnswer<RegionProgress> progress = run.query("progress", RegionProgress.class);
    return new RegionFailoverStatus(
        run.summary(),
        progress.value(),
        progress.unavailable(),
        run.result(RegionFailoverResult.class),
        run.failure());
  }
}
