package dev.standby.api.runbook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.standby.api.runs.LatestRun;
import dev.standby.api.runs.QueryAnswer;
import dev.standby.api.runs.RunFailure;
import dev.standby.api.runs.RunSummary;
import dev.standby.model.runbook.RunbookProgress;
import dev.standby.model.runbook.RunbookResult;

/**
 * The answer of {@code GET /runbook-runs/{service}}: status, every step's state, and the result
 * once closed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunbookRunStatus(
    @JsonUnwrapped RunSummary run,
    RunbookProgress progress,
    String progressUnavailable,
    RunbookResult result,
    RunFailure failure) {

  static RunbookRunStatus of(LatestRun run) {
    QueryAnswer<RunbookProgress> progress = run.query("progress", RunbookProgress.class);
    return new RunbookRunStatus(
        run.summary(),
        progress.value(),
        progress.unavailable(),
        run.result(RunbookResult.class),
        run.failure());
  }
}
