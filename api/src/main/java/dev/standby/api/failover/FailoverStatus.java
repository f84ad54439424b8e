package dev.standby.api.failover;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.standby.api.runs.LatestRun;
import dev.standby.api.runs.QueryAnswer;
import dev.standby.api.runs.RunFailure;
import dev.standby.api.runs.RunSummary;
import dev.standby.model.Progress;
import dev.standby.model.failover.FailoverResult;

/**
 * The answer of {@code GET /failovers/{service}}: the latest run's status and link, its progress
 * (current step, timeline, weights), and its result or failure once it closed.
 *
 * @param progressUnavailable why there is no progress, when the query could not be answered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailoverStatus(
    @JsonUnwrapped RunSummary run,
    Progress progress,
    String progressUnavailable,
    FailoverResult result,
    RunFailure failure) {

  static FailoverStatus of(LatestRun run) {
    QueryAnswer<Progress> progress = run.query("progress", Progress.class);
    return new FailoverStatus(
        run.summary(),
        progress.value(),
        progress.unavailable(),
        run.result(FailoverResult.class),
        run.failure());
  }
}
