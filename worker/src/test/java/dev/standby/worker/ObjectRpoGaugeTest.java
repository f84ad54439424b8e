package dev.standby.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ObjectRpoGaugeTest {
  @Test
  void theRpoIsComputedAtScrapeTimeSoItGrowsBetweenPassesAndDropsAfterOne() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AtomicLong now = new AtomicLong(31_000);
    ObjectRpoGauge gauge = new ObjectRpoGauge(registry, now::get);

    gauge.report("orders", 1_000L);
    assertThat(registry.scrape()).contains("standby_object_sync_rpo_seconds{sync=\"orders\"} 30.0");
    now.set(91_000);
    assertThat(registry.scrape()).contains("standby_object_sync_rpo_seconds{sync=\"orders\"} 90.0");

    gauge.report("orders", 90_000L);
    gauge.report("invoices", 0L);
    assertThat(registry.scrape())
        .contains("standby_object_sync_rpo_seconds{sync=\"orders\"} 1.0")
        .contains("standby_object_sync_rpo_seconds{sync=\"invoices\"} 91.0");
  }
}
