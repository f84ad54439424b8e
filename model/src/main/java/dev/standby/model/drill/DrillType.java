package dev.standby.model.drill;

/**
 * TABLETOP walks a runbook's steps, each acknowledged by a person; SIMULATED runs a controlled
 * (planned) failover and back; CHAOS injects a fault and lets the health monitor detect it and fail
 * over on its own.
 */
public enum DrillType {
  TABLETOP,
  SIMULATED,
  CHAOS
}
