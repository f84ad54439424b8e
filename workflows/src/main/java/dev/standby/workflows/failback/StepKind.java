package dev.standby.workflows.failback;

/**
 * Why a step of the shift set its weights. The label names its timeline steps and its measurements'
 * phase.
 */
enum StepKind {
  /** Up, towards the returning site; gated. */
  SHIFT("shift"),
  /** Back down after a failed gate; measured, not gated. */
  STEP_DOWN("step-down"),
  /** Back down because an operator aborted; measured, not gated. */
  ABORT("abort");

  private final String label;

  StepKind(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /**
   * The timeline's name of the step that sets {@code percent}: {@code shift-25%}, {@code
   * step-down-10%}.
   */
  String step(int percent) {
    return label + "-" + percent + "%";
  }
}
