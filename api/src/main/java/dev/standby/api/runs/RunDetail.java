package dev.standby.api.runs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * {@code GET /runs/{workflowId}}: any run's status and link, its {@code progress} query's answer as
 * the workflow gives it, the signals it takes (so a client knows which actions apply), and its
 * result or failure once closed.
 *
 * @param signals the signal names the workflow defines, e.g. approve, reject, pause, resume, abort;
 *     absent when no worker answered
 * @param activities while it runs, the activities it waits on with what each last heartbeated (a
 *     backup upload's bytes of its total); absent when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunDetail(
    @JsonUnwrapped RunSummary run,
    String kind,
    String service,
    String site,
    String workflowType,
    JsonNode progress,
    String progressUnavailable,
    Set<String> signals,
    java.util.List<PendingActivity> activities,
    JsonNode result,
    RunFailure failure) {

  static RunDetail of(LatestRun latest) {
    QueryAnswer<JsonNode> progress = latest.query("progress", JsonNode.class);
    Set<String> signals = latest.isRunning() ? latest.signalNames().value() : null;
    return new RunDetail(
        latest.summary(),
        latest.searchAttribute(dev.standby.workflows.StandbySearchAttributes.KIND),
        latest.searchAttribute(dev.standby.workflows.StandbySearchAttributes.SERVICE),
        latest.searchAttribute(dev.standby.workflows.StandbySearchAttributes.SITE),
        latest.workflowType(),
        progress.value(),
        progress.unavailable(),
        signals,
        latest.pendingActivities(),
        latest.result(JsonNode.class),
        latest.failure());
  }
}
