package dev.standby.model;

/** What a failback does when a step's health gate fails. */
public enum GateFailureAction {
  /**
   * Step the weights back down through every earlier step, one bake each, to where the failback
   * began.
   */
  ROLLBACK,
  /**
   * Step back to the last split whose gate passed and wait there for a person: {@code resume} or
   * {@code abort}.
   */
  HOLD
}
