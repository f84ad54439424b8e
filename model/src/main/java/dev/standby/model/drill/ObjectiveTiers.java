package dev.standby.model.drill;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recovery tiers as auditors and business-impact analyses name them: RTO under 1 h, 4 h, 24 h, 72 h
 * and RPO of 0, 15 min, 1 h, 24 h for tiers 1 to 4.
 */
public final class ObjectiveTiers {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  public static final Map<String, Long> RTO = tiers(HOUR, 4 * HOUR, 24 * HOUR, 72 * HOUR);
  public static final Map<String, Long> RPO = tiers(0, 15 * MINUTE, HOUR, 24 * HOUR);

  private ObjectiveTiers() {}

  private static Map<String, Long> tiers(long... millis) {
    Map<String, Long> tiers = new LinkedHashMap<>();
    for (int i = 0; i < millis.length; i++) {
      tiers.put("tier-" + (i + 1), millis[i]);
    }
    return Map.copyOf(tiers);
  }

  /** The tier's objective in millis, or null with the tier unknown. */
  public static Long rto(String tier) {
    return tier == null ? null : RTO.get(tier);
  }

  public static Long rpo(String tier) {
    return tier == null ? null : RPO.get(tier);
  }
}
