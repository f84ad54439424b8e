package dev.standby.api.runbook;

import com.google.protobuf.Timestamp;
import dev.standby.model.StepRecord;
import dev.standby.model.approval.Approval;
import dev.standby.model.runbook.Acknowledgement;
import dev.standby.model.runbook.Runbook;
import dev.standby.model.runbook.RunbookResult;
import dev.standby.model.runbook.RunbookRunRequest;
import dev.standby.model.runbook.StepEscalation;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A post-mortem draft in Markdown, assembled from a runbook run's own history: the runbook and
 * request from the start event, who approved, rejected or acknowledged what from the signal events
 * (server times), the child failover or failback runs from their events, and every step's start,
 * end and outcome from the run's result. Nothing comes from memory or a log that could disagree
 * with what Temporal recorded.
 */
final class PostMortem {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final DataConverter converter;
  private RunbookRunRequest request;
  private Instant startedAt;
  private Instant endedAt;
  private String endedAs = "still running";
  private String endReason;
  private RunbookResult result;
  private final List<String> answers = new ArrayList<>();
  private final Map<String, String[]> children = new LinkedHashMap<>();

  private PostMortem(DataConverter converter) {
    this.converter = converter;
  }

  /**
   * @param runId the run the history is of (a fetched history does not carry it)
   */
  static String render(
      WorkflowExecutionHistory history, String workflowId, String runId, DataConverter converter) {
    PostMortem postMortem = new PostMortem(converter);
    history.getEvents().forEach(postMortem::read);
    return postMortem.markdown(workflowId, runId);
  }

  private void read(HistoryEvent event) {
    Instant at = instant(event.getEventTime());
    switch (event.getEventType()) {
      case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
        startedAt = at;
        request =
            decode(
                event.getWorkflowExecutionStartedEventAttributes().getInput(),
                RunbookRunRequest.class);
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED ->
          signal(
              at,
              event.getWorkflowExecutionSignaledEventAttributes().getSignalName(),
              event.getWorkflowExecutionSignaledEventAttributes().getInput());
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED -> {
        var a = event.getChildWorkflowExecutionStartedEventAttributes();
        children.put(
            a.getWorkflowExecution().getRunId(),
            new String[] {
              a.getWorkflowExecution().getWorkflowId(),
              a.getWorkflowType().getName(),
              time(at),
              null,
              "running"
            });
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED ->
          childEnded(
              event
                  .getChildWorkflowExecutionCompletedEventAttributes()
                  .getWorkflowExecution()
                  .getRunId(),
              at,
              "completed");
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED -> {
        var a = event.getChildWorkflowExecutionFailedEventAttributes();
        childEnded(
            a.getWorkflowExecution().getRunId(), at, "failed: " + rootMessage(a.getFailure()));
      }
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED ->
          childEnded(
              event
                  .getChildWorkflowExecutionCanceledEventAttributes()
                  .getWorkflowExecution()
                  .getRunId(),
              at,
              "cancelled");
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED ->
          childEnded(
              event
                  .getChildWorkflowExecutionTerminatedEventAttributes()
                  .getWorkflowExecution()
                  .getRunId(),
              at,
              "terminated");
      case EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT ->
          childEnded(
              event
                  .getChildWorkflowExecutionTimedOutEventAttributes()
                  .getWorkflowExecution()
                  .getRunId(),
              at,
              "timed out");
      case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> {
        ended(at, "completed");
        result =
            decode(
                event.getWorkflowExecutionCompletedEventAttributes().getResult(),
                RunbookResult.class);
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> {
        ended(at, "failed");
        endReason = rootMessage(event.getWorkflowExecutionFailedEventAttributes().getFailure());
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED -> ended(at, "cancelled");
      case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED -> {
        ended(at, "terminated");
        endReason = event.getWorkflowExecutionTerminatedEventAttributes().getReason();
      }
      case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT -> ended(at, "timed out");
      default -> {}
    }
  }

  private void signal(Instant at, String name, Payloads input) {
    switch (name) {
      case "approve", "reject" -> {
        Approval a = decode(input, Approval.class);
        answers.add(
            "| "
                + time(at)
                + " | "
                + cell(a.step())
                + " | "
                + (name.equals("approve") ? "approved" : "rejected")
                + " | "
                + cell(a.by())
                + " | "
                + cell(a.comment())
                + " |");
      }
      case "acknowledge" -> {
        Acknowledgement a = decode(input, Acknowledgement.class);
        answers.add(
            "| "
                + time(at)
                + " | "
                + cell(a.step())
                + " | acknowledged | "
                + cell(a.by())
                + " | "
                + cell(a.comment())
                + " |");
      }
      default -> answers.add("| " + time(at) + " | | signal " + cell(name) + " | | |");
    }
  }

  private String markdown(String workflowId, String runId) {
    Runbook runbook = request == null ? null : request.runbook();
    StringBuilder md = new StringBuilder();
    md.append("# Post-mortem draft: ")
        .append(runbook == null ? workflowId : runbook.title() + " (" + runbook.service() + ")")
        .append("\n\n_Drafted by Standby from the history of `")
        .append(workflowId)
        .append("` (run `")
        .append(runId)
        .append("`). Times are UTC, as Temporal recorded them. Edit before you publish._\n\n");

    md.append("## Summary\n\n| | |\n|---|---|\n");
    if (runbook != null) {
      md.append("| Runbook | `")
          .append(runbook.name())
          .append("`: ")
          .append(cell(runbook.title()))
          .append(" |\n");
      md.append("| Service | ").append(runbook.service()).append(" |\n");
      for (Runbook.Scenario s : runbook.scenarios()) {
        md.append("| Scenario | ")
            .append(cell(s.name()))
            .append(" (")
            .append(s.severity())
            .append(", RTO objective ")
            .append(Duration.ofMillis(s.rtoMillis()))
            .append(", RPO objective ")
            .append(Duration.ofMillis(s.rpoMillis()))
            .append(") |\n");
      }
      md.append("| Requested by | ").append(cell(request.requestedBy())).append(" |\n");
      md.append("| Reason | ").append(cell(request.reason())).append(" |\n");
    }
    md.append("| Started | ").append(time(startedAt)).append(" |\n");
    md.append("| Ended | ")
        .append(
            endedAt == null
                ? "not yet"
                : time(endedAt)
                    + " ("
                    + endedAs
                    + ", after "
                    + seconds(Duration.between(startedAt, endedAt).toMillis())
                    + ")")
        .append(" |\n");
    md.append("| Outcome | ")
        .append(
            result != null
                ? "**" + result.outcome() + "**"
                : "**"
                    + endedAs.toUpperCase()
                    + "**"
                    + (endReason == null ? "" : ": " + cell(endReason)))
        .append(" |\n");
    if (result != null && result.failedStep() != null) {
      md.append("| Failed step | `")
          .append(result.failedStep())
          .append("`: ")
          .append(cell(result.failure()))
          .append(" |\n");
    }

    md.append("\n## Timeline\n\n");
    if (result == null) {
      md.append("_The run ended without recording its steps (")
          .append(endedAs)
          .append("): the decisions and child runs")
          .append(" below are what its history holds._\n");
    } else {
      md.append(
          "| Step | Started | Ended | Took | Outcome | Detail |\n|---|---|---|---|---|---|\n");
      for (StepRecord step : result.steps()) {
        md.append("| `")
            .append(step.name())
            .append("` | ")
            .append(time(step.startedAtMillis()))
            .append(" | ")
            .append(step.endedAtMillis() == null ? "" : time(step.endedAtMillis()))
            .append(" | ")
            .append(step.durationMillis() == null ? "" : seconds(step.durationMillis()))
            .append(" | ")
            .append(step.status())
            .append(" | ")
            .append(cell(step.detail()))
            .append(" |\n");
      }
    }

    md.append("\n## Decisions and acknowledgements\n\n");
    if (answers.isEmpty()) {
      md.append("_Nobody approved, rejected or acknowledged anything in this run._\n");
    } else {
      md.append("| When | Step | What | Who | Comment |\n|---|---|---|---|---|\n");
      answers.forEach(a -> md.append(a).append('\n'));
    }

    if (result != null && !result.escalations().isEmpty()) {
      md.append("\n## Escalations\n\n| When | Step | Level told | Contacts |\n|---|---|---|---|\n");
      for (StepEscalation e : result.escalations()) {
        md.append("| ")
            .append(time(e.atMillis()))
            .append(" | `")
            .append(e.step())
            .append("` | ")
            .append(e.level())
            .append(" | ")
            .append(String.join(", ", e.contacts()))
            .append(" |\n");
      }
    }

    if (!children.isEmpty()) {
      md.append(
          "\n## Runs started by the runbook\n\n| Workflow | Type | Started | Ended | Outcome |\n|---|---|---|---|---|\n");
      for (String[] c : children.values()) {
        md.append("| `")
            .append(c[0])
            .append("` | ")
            .append(c[1])
            .append(" | ")
            .append(c[2])
            .append(" | ")
            .append(c[3] == null ? "" : c[3])
            .append(" | ")
            .append(cell(c[4]))
            .append(" |\n");
      }
    }

    if (runbook != null) {
      md.append(
              "\n## Communication\n\nPosted to the service's channel by the engine: the initial message, an update")
          .append(" after each step, the resolution. Audiences in the plan: ")
          .append(String.join(", ", runbook.communication().channels()))
          .append(".\n");
      md.append("\n## Action items\n\n");
      for (Runbook.PostIncidentTask task : runbook.postIncident()) {
        md.append("- [ ] ")
            .append(task.task())
            .append(" (owner: ")
            .append(task.owner())
            .append(task.due() == null ? "" : ", due within " + task.due())
            .append(")\n");
      }
    }
    md.append("\n## Impact\n\n_To write: who was affected, for how long, what was lost._\n")
        .append("\n## Root cause\n\n_To write._\n")
        .append("\n## What went well, what did not\n\n_To write._\n");
    return md.toString();
  }

  private void ended(Instant at, String how) {
    endedAt = at;
    endedAs = how;
  }

  private void childEnded(String runId, Instant at, String outcome) {
    String[] child = children.get(runId);
    if (child != null) {
      child[3] = time(at);
      child[4] = outcome;
    }
  }

  private <T> T decode(Payloads payloads, Class<T> type) {
    return converter.fromPayloads(0, Optional.of(payloads), type, type);
  }

  private static String rootMessage(io.temporal.api.failure.v1.Failure failure) {
    io.temporal.api.failure.v1.Failure f = failure;
    while (f.hasCause()) {
      f = f.getCause();
    }
    return f.getMessage();
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  private static String time(Instant at) {
    return at == null ? "" : TIME.format(at);
  }

  private static String time(long millis) {
    return TIME.format(Instant.ofEpochMilli(millis));
  }

  private static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  /** Text safe inside a Markdown table cell: no pipes, no line breaks. */
  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replaceAll("\\s*\\n\\s*", " ").trim();
  }
}
