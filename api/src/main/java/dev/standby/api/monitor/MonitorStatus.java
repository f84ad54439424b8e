package dev.standby.api.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.standby.api.runs.LatestRun;
import dev.standby.api.runs.QueryAnswer;
import dev.standby.api.runs.RunFailure;
import dev.standby.api.runs.RunSummary;
import dev.standby.model.monitor.MonitorResult;
import dev.standby.model.monitor.MonitorState;

/**
 * The answer of {@code GET /monitors/{service}}: the latest run's status, what it has seen so far,
 * and once it closed, the failover it started (result) or why it stopped (failure).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonitorStatus(
    @JsonUnwrapped RunSummary run,
    MonitorState state,
    String stateUnavailable,
    MonitorResult result,
    RunFailure failure) {

  static MonitorStatus of(LatestRun run) {
    QueryAnswer<MonitorState> state = run.query("state", MonitorState.class);
    return new MonitorStatus(
        run.summary(),
        state.value(),
        state.unavailable(),
        run.result(MonitorResult.class),
        run.failure());
  }
}
