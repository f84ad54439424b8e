package dev.standby.api.runs;

import dev.standby.api.temporal.WorkflowLinks;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
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

  LatestRun(ServiceRun run, WorkflowExecutionDescription description, WorkflowStub stub, WorkflowLinks links,
      Duration queryTimeout) {
    this.run = run;
    this.description = description;
    this.stub = stub;
    this.links = links;
    this.queryTimeout = queryTimeout;
  }

  public String status() {
    return description.getStatus().name().replace(STATUS_PREFIX, "");
  }

  public boolean isRunning() {
    return description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }

  public RunSummary summary() {
    return new RunSummary(description.getExecution().getWorkflowId(), description.getExecution().getRunId(), status(),
        iso(description.getStartTime()), isRunning() ? null : iso(description.getCloseTime()),
        links.history(description.getExecution()));
  }

  public RunRef ref() {
    RunSummary summary = summary();
    return new RunRef(summary.workflowId(), summary.runId(), summary.uiUrl());
  }

  /** Asks the run a query; a run that cannot answer is a status page without that part, not an error. */
  public <T> QueryAnswer<T> query(String queryType, Class<T> answerType) {
    try {
      return QueryAnswer.of(QueryDeadline.within(queryTimeout, () -> stub.query(queryType, answerType)));
    } catch (WorkflowException e) {
      return QueryAnswer.unavailable(whyUnanswered(queryType, e));
    }
  }

  /** A query is answered by a worker: the usual reason for no answer is that none is running. */
  private String whyUnanswered(String queryType, WorkflowException e) {
    Throwable root = root(e);
    if (root instanceof StatusRuntimeException grpc && grpc.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return "no worker answered the " + queryType + " query within " + queryTimeout.toMillis() + " ms: is a worker "
          + "polling task queue '" + description.getTaskQueue() + "'?";
    }
    return "the " + queryType + " query of the " + run.describe() + " was not answered: "
        + (root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
  }

  /** Signals this very run (not whichever run holds the id by the time the signal lands). */
  public void signal(String signalName, Object argument) {
    stub.signal(signalName, argument);
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
    if (isRunning() || description.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
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

  private static Throwable root(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
