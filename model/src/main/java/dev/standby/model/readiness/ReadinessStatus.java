package dev.standby.model.readiness;

/**
 * How ready one part of a plan is; the names are the JSON, the metric's values are the ordinals.
 */
public enum ReadinessStatus {
  OK,
  WARNING,
  FAILING;

  public ReadinessStatus worst(ReadinessStatus other) {
    return other != null && other.ordinal() > ordinal() ? other : this;
  }
}
