package dev.standby.model.drill;

/** Failures a chaos drill injects into the primary site. */
public enum FaultKind {
  /** SIGKILL the primary's database server, as if its host died. */
  KILL_DB,
  /** Stop the primary's app. */
  STOP_APP,
  /** Make the app's health endpoint answer 500. */
  FAIL_HEALTH,
  /** Add latency to every request the app serves. */
  ADD_LATENCY
}
