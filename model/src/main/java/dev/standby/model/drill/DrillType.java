package dev.standby.model.drill;

/**
 * TABLETOP walks a runbook's steps, each acknowledged by a person; SIMULATED runs a controlled
 * (planned) failover and back; CHAOS injects a fault and lets the health monitor detect it and fail
 * over on its own; PRACTICE clones the standby's data and starts an isolated copy of the app on it,
 * measures what a failover would achieve, and removes both, while production (primary, replica,
 * traffic) is left untouched.
 */
public enum DrillType {
  TABLETOP,
  SIMULATED,
  CHAOS,
  PRACTICE
}
