package dev.standby.api.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.standby.api.runs.LatestRun;
import dev.standby.api.runs.QueryAnswer;
import dev.standby.api.runs.RunFailure;
import dev.standby.api.runs.RunSummary;
import dev.standby.model.Progress;

/**
 * The answer of {@code GET /backups/{service}} and {@code GET /restores/{service}}: the latest run,
 * its steps so far, and once it closed its result (the manifest, or the restore report) or why it
 * failed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupRunStatus(
    @JsonUnwrapped RunSummary run,
    Progress progress,
    String progressUnavailable,
    Object result,
    RunFailure failure) {

  static BackupRunStatus of(LatestRun run, Class<?> resultType) {
    QueryAnswer<Progress> progress = run.query("progress", Progress.class);
    return new BackupRunStatus(
        run.summary(),
        progress.value(),
        progress.unavailable(),
        run.result(resultType),
        run.failure());
  }
}
