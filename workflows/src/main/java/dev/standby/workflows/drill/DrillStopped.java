package dev.standby.workflows.drill;

/** Ends a drill early on purpose: a stop condition fired or an operator asked. */
final class DrillStopped extends RuntimeException {
  DrillStopped(String message) {
    super(message);
  }
}
