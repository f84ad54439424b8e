package dev.standby.e2e;

import dev.standby.model.failback.StepMeasurement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The share of real orders each site served while one step's weights were in place, counted from
 * the test's own writers (not from the workflow's samples): the orders sent after the weights were
 * set and before the step ended.
 */
record MeasuredSplit(StepMeasurement step, int orders, Map<String, Integer> bySite) {
  /**
   * Orders in flight when the weights changed may still follow the old ones: skip the first
   * moments.
   */
  static final long SETTLE_MILLIS = 100;

  static MeasuredSplit of(StepMeasurement step, List<OrderLoad.Ack> acks) {
    long from = step.weightsSetAtMillis() + SETTLE_MILLIS;
    long to = step.endedAtMillis();
    Map<String, Integer> bySite = new TreeMap<>();
    acks.stream()
        .filter(a -> a.sentAtMillis() >= from && a.ackedAtMillis() <= to)
        .forEach(a -> bySite.merge(a.site(), 1, Integer::sum));
    return new MeasuredSplit(
        step, bySite.values().stream().mapToInt(Integer::intValue).sum(), bySite);
  }

  double percent(String site) {
    return orders == 0 ? 0 : 100.0 * bySite.getOrDefault(site, 0) / orders;
  }

  @Override
  public String toString() {
    StringBuilder shares = new StringBuilder();
    for (String site : new TreeMap<>(step.weights()).keySet()) {
      shares.append(String.format(Locale.ROOT, ", %s %.1f%%", site, percent(site)));
    }
    return String.format(
        Locale.ROOT,
        "%-9s %3d%%: weights %s, %d orders%s; workflow's samples site-a %.1f%% of %d; gate %s",
        step.phase(),
        step.targetPercent(),
        step.weights(),
        orders,
        shares,
        step.sharePercent("site-a"),
        step.requests(),
        step.gate());
  }
}
