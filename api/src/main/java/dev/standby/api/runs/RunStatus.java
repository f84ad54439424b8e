package dev.standby.api.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The answer of a per-kind status URL ({@code GET /failovers/{service}}, {@code GET
 * /region-failovers/{site}}, {@code GET /runbook-runs/{service}}): the latest run's status and
 * link, its {@code progress} query's answer as the kind's own record, and its result or failure
 * once it closed.
 *
 * @param progressUnavailable why there is no progress, when the query could not be answered
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunStatus<P, R>(
    @JsonUnwrapped RunSummary run,
    P progress,
    String progressUnavailable,
    R result,
    RunFailure failure) {

  public static <P, R> RunStatus<P, R> of(
      LatestRun run, Class<P> progressType, Class<R> resultType) {
    QueryAnswer<P> progress = run.query("progress", progressType);
    return new RunStatus<>(
        run.summary(),
        progress.value(),
        progress.unavailable(),
        run.result(resultType),
        run.failure());
  }
}
