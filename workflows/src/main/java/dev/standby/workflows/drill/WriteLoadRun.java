package dev.standby.workflows.drill;

import dev.standby.activities.WriteLoadActivities;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.drill.WriteLoadPlan;
import dev.standby.model.drill.WriteLoadReport;
import dev.standby.workflows.StepTimeline;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

/**
 * The drill's write load through the front door, as one {@code write-load} step: it runs beside the
 * failover and ends by itself once the target has served for the settle time, when a stop condition
 * fires, or when its time is up. It runs in a cancellation scope of its own, so a drill that stops
 * early can cancel it without cancelling itself.
 */
final class WriteLoadRun {
  private final WriteLoadActivities writeLoad = Workflow.newActivityStub(WriteLoadActivities.class);
  private final StepTimeline timeline;
  private final int step;
  private final CancellationScope scope;
  private Promise<WriteLoadReport> report;
  private boolean finished;

  private WriteLoadRun(StepTimeline timeline, WriteLoadPlan plan) {
    this.timeline = timeline;
    this.step = timeline.start("write-load");
    this.scope = Workflow.newCancellationScope(() -> report = Async.function(writeLoad::run, plan));
  }

  static WriteLoadRun start(StepTimeline timeline, WriteLoadPlan plan) {
    WriteLoadRun run = new WriteLoadRun(timeline, plan);
    run.scope.run();
    return run;
  }

  /** Whether the load has ended, whichever way. */
  boolean isOver() {
    return report.isCompleted();
  }

  /** What the load saw, once it has ended; null while it runs or when the activity failed. */
  WriteLoadReport endedReport() {
    if (!report.isCompleted()) {
      return null;
    }
    try {
      return report.get();
    } catch (RuntimeException failed) {
      return null;
    }
  }

  /** Whether the load has ended because the target served for the settle time. */
  boolean settled() {
    WriteLoadReport ended = endedReport();
    return ended != null && ended.stoppedBy() == WriteLoadReport.StoppedBy.SETTLED;
  }

  /**
   * Waits for the load to end and closes its step: completed when it settled on the target, failed
   * otherwise. Throws what the activity threw, leaving the step open for {@link #abort}.
   */
  WriteLoadReport settle() {
    WriteLoadReport ended = report.get();
    close(
        ended.stoppedBy() == WriteLoadReport.StoppedBy.SETTLED
            ? StepStatus.COMPLETED
            : StepStatus.FAILED,
        describe(ended));
    return ended;
  }

  /**
   * Closes the step of a drill that is stopping: with what the load saw if it has ended, or by
   * cancelling it. Returns that report, or null when there is none or the step was closed already.
   */
  WriteLoadReport abort() {
    if (finished) {
      return null;
    }
    WriteLoadReport ended = endedReport();
    if (ended != null) {
      close(StepStatus.FAILED, describe(ended));
    } else {
      scope.cancel();
      close(StepStatus.FAILED, "cancelled: the drill stopped");
    }
    return ended;
  }

  private void close(StepStatus status, String detail) {
    timeline.finish(step, status, detail);
    finished = true;
  }

  private static String describe(WriteLoadReport r) {
    return r.acknowledged()
        + " writes acknowledged "
        + r.acknowledgedBySite()
        + ", "
        + r.refused()
        + " refused; "
        + r.lost()
        + " lost; ended "
        + r.stoppedBy()
        + (r.guardDetail() == null ? "" : ": " + r.guardDetail());
  }
}
