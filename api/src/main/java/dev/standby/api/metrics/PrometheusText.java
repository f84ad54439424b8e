package dev.standby.api.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dropwizard's metric registry in Prometheus' text format (0.0.4), under the {@code standby_api_}
 * prefix with units in the names (README, "Metrics"):
 *
 * <ul>
 *   <li>Jetty's request timers: {@code standby_api_requests_seconds} (all requests) and {@code
 *       standby_api_requests_by_method_seconds{method}}, summaries in seconds;
 *   <li>its response meters: {@code standby_api_responses_total{code="2xx"}};
 *   <li>its in-flight counter: {@code standby_api_active_requests};
 *   <li>Logback's events by level: {@code standby_api_log_events_total{level}};
 *   <li>the JVM's memory in bytes ({@code standby_api_jvm_memory_bytes{area,kind}}) and its live
 *       threads ({@code standby_api_jvm_threads}), where Dropwizard registered them.
 * </ul>
 *
 * The rest (connection timers named by host and port, thread pools) stays on the admin port's JSON
 * {@code /metrics}: a name that changes with the port is no series to alert on.
 */
final class PrometheusText {
  private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.99};
  private static final Pattern JETTY =
      Pattern.compile("(.*\\.)?(requests|active-requests|(\\w+)-requests|([1-5]xx)-responses)");
  private static final Pattern MEMORY =
      Pattern.compile("jvm\\.memory\\.(heap|non-heap|total)\\.(used|committed|max|init)");
  private static final String LOGBACK = "ch.qos.logback.core.Appender.";
  private static final double SECONDS_PER_NANO = 1.0 / TimeUnit.SECONDS.toNanos(1);

  private final Map<String, Family> families = new TreeMap<>();

  private record Sample(String labels, double value, String suffix) {}

  private record Family(String type, String help, List<Sample> samples) {}

  private PrometheusText() {}

  static String render(MetricRegistry registry) {
    PrometheusText text = new PrometheusText();
    registry.getTimers().forEach(text::timer);
    registry.getMeters().forEach(text::meter);
    registry.getCounters().forEach(text::counter);
    registry.getGauges().forEach(text::gauge);
    return text.toString();
  }

  private void timer(String name, Timer timer) {
    Matcher jetty = JETTY.matcher(name);
    if (jetty.matches() && jetty.group(1) != null && "requests".equals(jetty.group(2))) {
      summary("standby_api_requests_seconds", "", timer, "Requests the API served, in seconds");
    } else if (jetty.matches() && jetty.group(1) != null && jetty.group(3) != null) {
      summary(
          "standby_api_requests_by_method_seconds",
          label("method", jetty.group(3)),
          timer,
          "Requests the API served, by HTTP method, in seconds");
    }
  }

  private void meter(String name, Meter meter) {
    Matcher jetty = JETTY.matcher(name);
    if (jetty.matches() && jetty.group(1) != null && jetty.group(4) != null) {
      add(
          "standby_api_responses_total",
          "counter",
          "Responses the API sent, by status class",
          new Sample(label("code", jetty.group(4)), meter.getCount(), ""));
    } else if (name.startsWith(LOGBACK) && !name.endsWith(".all")) {
      add(
          "standby_api_log_events_total",
          "counter",
          "Events the API logged, by level",
          new Sample(label("level", name.substring(LOGBACK.length())), meter.getCount(), ""));
    }
  }

  private void counter(String name, Counter counter) {
    Matcher jetty = JETTY.matcher(name);
    if (jetty.matches() && jetty.group(1) != null && "active-requests".equals(jetty.group(2))) {
      add(
          "standby_api_active_requests",
          "gauge",
          "Requests the API is serving now",
          new Sample("", counter.getCount(), ""));
    }
  }

  private void gauge(String name, Gauge<?> gauge) {
    Matcher memory = MEMORY.matcher(name);
    if (memory.matches() && gauge.getValue() instanceof Number n) {
      add(
          "standby_api_jvm_memory_bytes",
          "gauge",
          "The API's JVM memory, in bytes (max -1: no limit)",
          new Sample(
              label("area", memory.group(1)) + "," + label("kind", memory.group(2)),
              n.doubleValue(),
              ""));
    } else if (name.equals("jvm.threads.count") && gauge.getValue() instanceof Number n) {
      add(
          "standby_api_jvm_threads",
          "gauge",
          "Live threads in the API's JVM",
          new Sample("", n.doubleValue(), ""));
    }
  }

  private void summary(String name, String labels, Timer timer, String help) {
    Snapshot snapshot = timer.getSnapshot();
    for (double q : QUANTILES) {
      String quantile = label("quantile", Double.toString(q));
      add(
          name,
          "summary",
          help,
          new Sample(
              labels.isEmpty() ? quantile : labels + "," + quantile,
              snapshot.getValue(q) * SECONDS_PER_NANO,
              ""));
    }
    add(name, "summary", help, new Sample(labels, timer.getCount(), "_count"));
  }

  private void add(String name, String type, String help, Sample sample) {
    families
        .computeIfAbsent(name, n -> new Family(type, help, new ArrayList<>()))
        .samples()
        .add(sample);
  }

  private static String label(String name, String value) {
    return name
        + "=\""
        + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
        + "\"";
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    families.forEach(
        (name, family) -> {
          out.append("# HELP ").append(name).append(' ').append(family.help()).append('\n');
          out.append("# TYPE ").append(name).append(' ').append(family.type()).append('\n');
          for (Sample s : family.samples()) {
            out.append(name).append(s.suffix());
            if (!s.labels().isEmpty()) {
              out.append('{').append(s.labels()).append('}');
            }
            out.append(' ').append(s.value()).append('\n');
          }
        });
    return out.toString();
  }
}
