package dev.standby.worker;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One gauge name with fixed label names, a series per label set, each holding the last value set.
 * Prometheus wants every series of a name to carry the same labels; this keeps them so.
 */
final class GaugeFamily {
  private final MeterRegistry registry;
  private final String name;
  private final String help;
  private final List<String> labels;
  private final Map<List<String>, AtomicReference<Double>> series = new ConcurrentHashMap<>();
  private final Map<List<String>, Gauge> meters = new ConcurrentHashMap<>();

  GaugeFamily(MeterRegistry registry, String name, String help, String... labels) {
    this.registry = registry;
    this.name = name;
    this.help = help;
    this.labels = List.of(labels);
  }

  void set(double value, String... labelValues) {
    value(labelValues).set(value);
  }

  /** Sets the series to {@code value} unless it holds more: timestamps never go back. */
  void raise(double value, String... labelValues) {
    value(labelValues)
        .accumulateAndGet(value, (old, next) -> old.isNaN() ? next : Math.max(old, next));
  }

  void remove(String... labelValues) {
    List<String> key = key(labelValues);
    series.remove(key);
    Gauge gauge = meters.remove(key);
    if (gauge != null) {
      registry.remove(gauge);
    }
  }

  /** Label sets present now, in no order. */
  List<List<String>> present() {
    return new ArrayList<>(series.keySet());
  }

  private AtomicReference<Double> value(String... labelValues) {
    List<String> key = key(labelValues);
    return series.computeIfAbsent(
        key,
        k -> {
          AtomicReference<Double> value = new AtomicReference<>(Double.NaN);
          Gauge.Builder<AtomicReference<Double>> builder =
              Gauge.builder(name, value, AtomicReference::get).description(help);
          for (int i = 0; i < labels.size(); i++) {
            builder.tag(labels.get(i), k.get(i));
          }
          meters.put(k, builder.register(registry));
          return value;
        });
  }

  private List<String> key(String... labelValues) {
    if (labelValues.length != labels.size()) {
      throw new IllegalArgumentException(
          name + " has labels " + labels + ", given values " + Arrays.toString(labelValues));
    }
    // Micrometer refuses null tag values; an unknown label is an empty one, as Prometheus reads it
    return Arrays.stream(labelValues).map(v -> v == null ? "" : v).toList();
  }
}
