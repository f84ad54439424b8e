package dev.standby.api.slack;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the interactions already handled, so a delivery Slack retries (it does when the first
 * answer took over 3 s, or got lost) is acknowledged and dropped. The workflow ignores a repeated
 * answer anyway; this keeps the retry from reaching Temporal at all. Slack retries within minutes,
 * so an hour is plenty.
 */
final class RepeatedDeliveries {
  private static final Duration KEEP = Duration.ofHours(1);
  private static final int MAX = 10_000;

  private final Clock clock;
  private final Map<String, Long> seen = new LinkedHashMap<>();

  RepeatedDeliveries(Clock clock) {
    this.clock = clock;
  }

  /**
   * @return true the first time a key is seen, false for every repeat within the hour
   */
  synchronized boolean firstTime(String key) {
    long now = clock.millis();
    seen.values().removeIf(at -> now - at > KEEP.toMillis());
    if (seen.containsKey(key)) {
      return false;
    }
    if (seen.size() >= MAX) {
      seen.remove(seen.keySet().iterator().next());
    }
    seen.put(key, now);
    return true;
  }
}
