package dev.standby.model.failback;

import java.util.List;

/**
 * The rule for a failback's steps, shared by the topology loader and the workflow: percentages of
 * traffic for the returning site, each above the one before, ending at 100 (the last step brings
 * everything home).
 */
public final class FailbackSteps {
  private FailbackSteps() {}

  /** What is wrong with {@code steps}, or null when they are usable. */
  public static String problem(List<Integer> steps) {
    if (steps == null || steps.isEmpty()) {
      return "needs at least one step";
    }
    int previous = 0;
    for (Integer step : steps) {
      if (step == null || step < 1 || step > 100) {
        return "every step must be a percentage from 1 to 100 (" + step + " is not)";
      }
      if (step <= previous) {
        return "steps must increase (" + step + " comes after " + previous + ")";
      }
      previous = step;
    }
    return previous == 100 ? null : "the last step must be 100, it is " + previous;
  }
}
