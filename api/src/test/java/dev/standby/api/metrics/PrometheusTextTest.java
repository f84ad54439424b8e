package dev.standby.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
  private static final String JETTY = "io.dropwizard.jetty.MutableServletContextHandler";

  @Test
  void jettyLogbackAndJvmMetricsGetStandbyNamesWithUnits() {
    MetricRegistry registry = new MetricRegistry();
    registry.timer(JETTY + ".requests").update(250, TimeUnit.MILLISECONDS);
    registry.timer(JETTY + ".post-requests").update(250, TimeUnit.MILLISECONDS);
    registry.meter(JETTY + ".5xx-responses").mark(2);
    registry.counter(JETTY + ".active-requests").inc();
    registry.meter("ch.qos.logback.core.Appender.error").mark(3);
    registry.meter("ch.qos.logback.core.Appender.all").mark(9);
    registry.gauge("jvm.memory.heap.used", () -> () -> 1024L);
    registry.gauge("jvm.threads.count", () -> () -> 42);
    registry.timer("org.eclipse.jetty.server.HttpConnectionFactory.127.0.0.1.8080.connections");

    String text = PrometheusText.render(registry);

    assertThat(text)
        .contains("# TYPE standby_api_requests_seconds summary\n")
        .contains("standby_api_requests_seconds{quantile=\"0.5\"} 0.25\n")
        .contains("standby_api_requests_seconds_count 1.0\n")
        .contains("standby_api_requests_by_method_seconds_count{method=\"post\"} 1.0\n")
        .contains("# TYPE standby_api_responses_total counter\n")
        .contains("standby_api_responses_total{code=\"5xx\"} 2.0\n")
        .contains("standby_api_active_requests 1.0\n")
        .contains("standby_api_log_events_total{level=\"error\"} 3.0\n")
        .contains("standby_api_jvm_memory_bytes{area=\"heap\",kind=\"used\"} 1024.0\n")
        .contains("standby_api_jvm_threads 42.0\n")
        .doesNotContain("level=\"all\"")
        .doesNotContain("8080");
  }
}
