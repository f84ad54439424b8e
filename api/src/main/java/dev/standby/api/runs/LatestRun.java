package dev.standby.api.runs;

import dev.standby.api.temporal.WorkflowLinks;
import dev.standby.model.Failures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.sdk.v1.WorkflowInteractionDefinition;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DataConverter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One described run, with its status, its queries and, once closed, its outcome. */
public final class LatestRun {
  private static final String STATUS_PREFIX = "WORKFLOW_EXECUTION_STATUS_";

  private final ServiceRun run;
  private final WorkflowExecutionDescription description;
  private final WorkflowStub stub;
  private final WorkflowLinks links;
  private final Duration queryTimeout;
  private final DataConverter converter;

  LatestRun(
      ServiceRun run,
      WorkflowExecutionDescription description,
      WorkflowStub stub,
      WorkflowLinks links,
      Duration queryTimeout,
      DataConverter converter) {
    this.run = run;
    this.description = description;
    this.stub = stub;
    this.links = links;
    this.queryTimeout = queryTimeout;
    this.converter = converter;
  }

  public String status() {
    return description.getStatus().name().replace(STATUS_PREFIX, "");
  }

  public boolean isRunning() {
    return description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  public RunSummary summary() {
    return new RunSummary(
        description.getExecution().getWorkflowId(),
        description.getExecution().getRunId(),
        status(),
        iso(description.getStartTime()),
        isRunning() ? null : iso(description.getCloseTime()),
        links.history(description.getExecution()));
  }

  public RunRef ref() {
    RunSummary summary = summary();
    return new RunRef(summary.workflowId(), summary.runId(), summary.uiUrl());
  }

  /**
   * Asks the run a query; a run that cannot answer is a status page without that part, not an
   * error.
   */
  public <T> QueryAnswer<T> query(String queryType, Class<T> answerType) {
    try {
      return QueryAnswer.of(
          QueryDeadline.within(queryTimeout, () -> stub.query(queryType, answerType)));
    } catch (WorkflowException e) {
      return QueryAnswer.unavailable(whyUnanswered(queryType, e));
    }
  }

  /** A query is answered by a worker: the usual reason for no answer is that none is running. */
  private String whyUnanswered(String queryType, WorkflowException e) {
    Throwable root = Failures.rootCause(e);
    if (root instanceof StatusRuntimeException grpc
        && grpc.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return "no worker answered the "
          + queryType
          + " query within "
          + queryTimeout.toMillis()
          + " ms: is a worker "
          + "polling task queue '"
          + description.getTaskQueue()
          + "'?";
    }
    return "the "
        + queryType
        + " query of the "
        + run.describe()
        + " was not answered: "
        + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
  }

  /** The same run, named as another kind of run (from its search attributes). */
  LatestRun as(ServiceRun named) {
    return new LatestRun(named, description, stub, links, queryTimeout, converter);
  }

  /**
   * The activities the run waits on, with what each last heartbeated (from the same describe call
   * that gave the status); null once the run has closed or when it waits on none.
   */
  public List<PendingActivity> pendingActivities() {
    if (!isRunning() || description.getRawDescription().getPendingActivitiesCount() == 0) {
      return null;
    }
    return description.getRawDescription().getPendingActivitiesList().stream()
        .map(info -> PendingActivity.of(info, converter))
        .toList();
  }

  /** A search attribute's value; null when the run has none. */
  public <T> T searchAttribute(io.temporal.common.SearchAttributeKey<T> key) {
    return description.getTypedSearchAttributes().get(key);
  }

  public String workflowType() {
    return description.getWorkflowType();
  }

  /**
   * The signals the run's workflow defines, from the SDK's built-in metadata query: so a generic
   * endpoint signals only what the workflow takes, whatever its kind. Null, with the reason in
   * {@code unavailable}, when no worker answered.
   */
  public QueryAnswer<java.util.Set<String>> signalNames() {
    QueryAnswer<WorkflowMetadata> metadata =
        query("__temporal_workflow_metadata", WorkflowMetadata.class);
    if (metadata.value() == null) {
      return QueryAnswer.unavailable(metadata.unavailable());
    }
    return QueryAnswer.of(
        metadata.value().getDefinition().getSignalDefinitionsList().stream()
            .map(WorkflowInteractionDefinition::getName)
            .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
  }

  /** Signals this very run (not whichever run holds the id by the time the signal lands). */
  public void signal(String signalName, Object argument) {
    stub.signal(signalName, argument);
  }

  /** Sends a signal that carries nothing ({@code pause}, {@code resume}, {@code abort}). */
  public void signal(String signalName) {
    stub.signal(signalName);
  }

  /** Requests cancellation of this very run. */
  public void cancel() {
    stub.cancel();
  }

  public ServiceRun described() {
    return run;
  }

  public ServiceRun run() {
    return run;
  }

  /** The result of a completed run; null while it runs or when it ended otherwise. */
  public <R> R result(Class<R> resultType) {
    if (description.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      return null;
    }
    try {
      return stub.getResult(5, TimeUnit.SECONDS, resultType);
    } catch (TimeoutException e) {
      return null;
    }
  }

  /** Why a closed run did not complete; null while it runs or when it completed. */
  public RunFailure failure() {
    if (isRunning()
        || description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      return null;
    }
    try {
      stub.getResult(5, TimeUnit.SECONDS, Object.class);
      return null;
    } catch (WorkflowFailedException e) {
      return RunFailure.of(e.getCause());
    } catch (TimeoutException e) {
      return null;
    }
  }

  private static String iso(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
