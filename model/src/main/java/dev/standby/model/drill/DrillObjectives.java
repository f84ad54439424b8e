package dev.standby.model.drill;

import dev.standby.model.ServiceSpec;

/**
 * What a drill is held to. A tier ({@code tier-1} .. {@code tier-4}, see {@link ObjectiveTiers}) or
 * an explicit value per objective; what is left out comes from the service's objectives in the
 * topology.
 */
public record DrillObjectives(String rtoTier, String rpoTier, Long rtoMillis, Long rpoMillis) {

  /**
   * Resolved against the service's own objectives: explicit values first, then tiers, then the
   * topology.
   */
  public Resolved resolve(ServiceSpec spec) {
    long rto =
        rtoMillis != null
            ? rtoMillis
            : rtoTier != null ? ObjectiveTiers.rto(rtoTier) : spec.rtoMillis();
    long rpo =
        rpoMillis != null
            ? rpoMillis
            : rpoTier != null ? ObjectiveTiers.rpo(rpoTier) : spec.rpoMillis();
    String rtoSource = rtoMillis != null ? "explicit" : rtoTier != null ? rtoTier : "topology";
    String rpoSource = rpoMillis != null ? "explicit" : rpoTier != null ? rpoTier : "topology";
    return new Resolved(rto, rtoSource, rpo, rpoSource);
  }

  /**
   * The objectives a drill was measured against, and where each came from (explicit, a tier, the
   * topology).
   */
  public record Resolved(long rtoMillis, String rtoSource, long rpoMillis, String rpoSource) {
    /**
     * Whether losing {@code lostWrites} acknowledged writes over {@code windowMillis} (null: 0)
     * meets the RPO: no loss, or a window within an RPO above zero.
     */
    public boolean rpoMet(long lostWrites, Long windowMillis) {
      long window = windowMillis == null ? 0 : windowMillis;
      return lostWrites == 0 || (rpoMillis > 0 && window <= rpoMillis);
    }
  }

  /** The first problem with these objectives, or null. */
  public String problem() {
    if (rtoTier != null && ObjectiveTiers.rto(rtoTier) == null) {
      return "objectives.rtoTier '"
          + rtoTier
          + "' is not one of "
          + ObjectiveTiers.RTO.keySet().stream().sorted().toList();
    }
    if (rpoTier != null && ObjectiveTiers.rpo(rpoTier) == null) {
      return "objectives.rpoTier '"
          + rpoTier
          + "' is not one of "
          + ObjectiveTiers.RPO.keySet().stream().sorted().toList();
    }
    if (rtoMillis != null && rtoMillis <= 0) {
      return "objectives.rtoMillis must be positive, found " + rtoMillis;
    }
    if (rpoMillis != null && rpoMillis < 0) {
      return "objectives.rpoMillis must not be negative, found " + rpoMillis;
    }
    return null;
  }
}
