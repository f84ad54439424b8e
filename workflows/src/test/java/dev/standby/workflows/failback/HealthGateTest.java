package dev.standby.workflows.failback;

import static dev.standby.workflows.TestFixtures.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.FailbackPolicy;
import dev.standby.model.ServiceSpec;
import dev.standby.model.failback.FailbackRequest;
import dev.standby.model.health.HealthReport;
import dev.standby.model.traffic.TrafficSample;
import dev.standby.workflows.TestFixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gate's verdicts on the returning site (site-a): 5% errors and a 500 ms 95th percentile
 * allowed.
 */
class HealthGateTest {
  private final HealthGate gate =
      new HealthGate(
          FailbackPlan.resolve(FailbackRequest.of("payments", "test"), spec(), "site-b"));

  private static ServiceSpec spec() {
    ServiceSpec s = TestFixtures.spec();
    FailbackPolicy d = FailbackPolicy.DEFAULTS;
    return new ServiceSpec(
        s.name(),
        s.sites(),
        s.primarySite(),
        s.rtoMillis(),
        s.rpoMillis(),
        s.monitorIntervalMillis(),
        s.monitorFailureThreshold(),
        s.verifyRequests(),
        new FailbackPolicy(
            d.steps(),
            d.bakeMillis(),
            d.sampleEveryMillis(),
            40,
            0.05,
            500,
            d.onGateFailure(),
            100),
        s.notifications(),
        List.of());
  }

  private static TrafficSample sample(
      Map<String, Integer> served, Map<String, Integer> errors, long p95OfA) {
    return new TrafficSample(40, served, errors, Map.of("site-a", p95OfA, "site-b", 3L), 0);
  }

  @Test
  void aHealthySiteWithinItsBudgetPasses() {
    assertThat(
            gate.check(sample(Map.of("site-a", 20, "site-b", 20), Map.of(), 12), healthy("site-a")))
        .isNull();
  }

  @Test
  void errorsAboveTheRateFailItAndSayHowMany() {
    String verdict =
        gate.check(
            sample(Map.of("site-a", 18, "site-b", 20), Map.of("site-a", 2), 12), healthy("site-a"));

    assertThat(verdict).isEqualTo("site-a: 2 of 20 sampled requests failed (10.0% > 5.0%)");
  }

  @Test
  void errorsAtTheOtherSiteAreNotTheReturningSitesFault() {
    assertThat(
            gate.check(
                sample(Map.of("site-a", 20, "site-b", 10), Map.of("site-b", 10), 12),
                healthy("site-a")))
        .isNull();
  }

  @Test
  void requestsNobodyAnsweredCountAgainstIt() {
    String verdict =
        gate.check(
            sample(Map.of("site-a", 20, "site-b", 10), Map.of(TrafficSample.NO_SITE, 10), 12),
            healthy("site-a"));

    assertThat(verdict).isEqualTo("10 of 40 requests through the front door got no answer");
  }

  @Test
  void aSlowSiteFails() {
    String verdict =
        gate.check(sample(Map.of("site-a", 20, "site-b", 20), Map.of(), 750), healthy("site-a"));

    assertThat(verdict).isEqualTo("site-a: 95th percentile latency 750 ms > 500 ms");
  }

  @Test
  void anUnhealthyProbeFailsEvenWhenTheSampleLooksFine() {
    HealthReport failing =
        new HealthReport(
            "site-a", true, 500, "failing", Map.of("database", "unknown"), 4, 500, 0, null);

    assertThat(gate.check(sample(Map.of("site-a", 20, "site-b", 20), Map.of(), 12), failing))
        .startsWith("site-a is not healthy: HTTP 500 status=failing");
  }
}
