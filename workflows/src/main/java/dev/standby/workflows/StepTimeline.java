package dev.standby.workflows;

import dev.standby.model.Failures;
import dev.standby.model.StepRecord;
import dev.standby.model.StepRecord.StepStatus;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The steps of a run with their start and end, kept in workflow state for the {@code progress}
 * query. Times come from {@link Workflow#currentTimeMillis()}, so the timeline is deterministic on
 * replay.
 */
public final class StepTimeline {
  private final List<StepRecord> steps = new ArrayList<>();

  /**
   * Runs a step, recording it as completed with {@code detail(result)} or failed with the error.
   */
  public <T> T run(String name, Supplier<T> step, Function<T, String> detail) {
    int index = begin(name);
    try {
      T result = step.get();
      end(index, StepStatus.COMPLETED, detail.apply(result));
      return result;
    } catch (RuntimeException e) {
      end(index, StepStatus.FAILED, rootMessage(e));
      throw e;
    }
  }

  public <T> T run(String name, Supplier<T> step) {
    return run(name, step, result -> null);
  }

  public void run(String name, Runnable step) {
    run(
        name,
        () -> {
          step.run();
          return null;
        });
  }

  /**
   * Starts a step whose end the caller records with {@link #finish}: for steps that end in more
   * ways than two.
   */
  public int start(String name) {
    return begin(name);
  }

  public void finish(int index, StepStatus status, String detail) {
    end(index, status, detail);
  }

  /** Marks a step that ran earlier as undone by compensation. */
  public void compensated(String name, String detail) {
    int index = begin(name);
    end(index, StepStatus.COMPENSATED, detail);
  }

  public String currentStep() {
    for (int i = steps.size() - 1; i >= 0; i--) {
      if (steps.get(i).status() == StepStatus.RUNNING) {
        return steps.get(i).name();
      }
    }
    return steps.isEmpty() ? null : steps.get(steps.size() - 1).name();
  }

  public List<StepRecord> steps() {
    return List.copyOf(steps);
  }

  private int begin(String name) {
    steps.add(StepRecord.started(name, Workflow.currentTimeMillis()));
    return steps.size() - 1;
  }

  private void end(int index, StepStatus status, String detail) {
    steps.set(index, steps.get(index).finish(status, Workflow.currentTimeMillis(), detail));
  }

  /**
   * The innermost message: an ActivityFailure's own message names the activity, its cause says what
   * went wrong.
   */
  public static String rootMessage(Throwable e) {
    Throwable t = Failures.rootCause(e);
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
