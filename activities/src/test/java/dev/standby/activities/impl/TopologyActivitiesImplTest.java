package dev.standby.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.standby.model.FailbackPolicy;
import dev.standby.model.FailureType;
import dev.standby.model.NotifyPolicy;
import dev.standby.model.ServiceSpec;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyActivitiesImplTest {
  static final String TOPOLOGY =
      """
      sites: {site-a: {}, site-b: {}}
      services:
        payments:
          primarySite: site-b
          objectives: {rto: 2m, rpo: 1500ms}
          monitor: {interval: 250ms, failureThreshold: 4}
          verify: {requests: 12}
          traffic: {provider: haproxy, admin: "127.0.0.1:1", group: be_payments, frontDoor: "http://127.0.0.1:2"}
          sites:
            site-a: {app: "http://127.0.0.1:3", database: {url: "jdbc:postgresql://127.0.0.1:4/orders"}}
            site-b: {app: "http://127.0.0.1:5", database: {url: "jdbc:postgresql://127.0.0.1:6/orders"}}
        ledger:
          primarySite: site-a
          objectives: {rto: 30s, rpo: 0ms}
          traffic: {provider: haproxy, admin: "127.0.0.1:1", group: be_ledger, frontDoor: "http://127.0.0.1:2"}
          sites:
            site-a: {app: "http://127.0.0.1:3", database: {url: "jdbc:postgresql://127.0.0.1:4/ledger"}}
            site-b: {app: "http://127.0.0.1:5", database: {url: "jdbc:postgresql://127.0.0.1:6/ledger"}}
      """;

  @TempDir Path dir;

  @Test
  void describesAServiceInMillis() throws IOException {
    ServiceSpec spec = new TopologyActivitiesImpl(topology()).describeService("payments");

    assertThat(spec)
        .isEqualTo(
            new ServiceSpec(
                "payments",
                List.of("site-a", "site-b"),
                "site-b",
                120_000,
                1_500,
                250,
                4,
                12,
                FailbackPolicy.DEFAULTS,
                NotifyPolicy.DEFAULTS,
                List.of(),
                java.util.Map.of("site-a", 50, "site-b", 50),
                List.of()));
    assertThat(spec.candidates("site-b")).containsExactly("site-a");
  }

  @Test
  void anUnknownServiceFailsNonRetryablyNamingTheKnownOnes() throws IOException {
    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> new TopologyActivitiesImpl(topology()).describeService("billing"));

    assertThat(failure.getType()).isEqualTo(FailureType.UNKNOWN_SERVICE.type());
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .isEqualTo("unknown service 'billing' (known: payments, ledger)");
  }

  @Test
  void unknownSitesAndProvidersFailBeforeAnyAdapterIsCalled() throws IOException {
    var database = new DatabaseActivitiesImpl(topology(), Map.of());

    ApplicationFailure unknownSite =
        catchThrowableOfType(
            ApplicationFailure.class, () -> database.replicationStatus("payments", "site-c"));
    ApplicationFailure noAdapter =
        catchThrowableOfType(
            ApplicationFailure.class, () -> database.replicationStatus("payments", "site-a"));

    assertThat(unknownSite.getType()).isEqualTo(FailureType.UNKNOWN_SITE.type());
    assertThat(unknownSite.getOriginalMessage())
        .isEqualTo("service 'payments' has no site 'site-c' (sites: site-a, site-b)");
    assertThat(noAdapter.getType()).isEqualTo(FailureType.UNSUPPORTED_PROVIDER.type());
    assertThat(noAdapter.getOriginalMessage())
        .isEqualTo("no database adapter for provider 'postgresql' (available: none)");
    assertThat(noAdapter.isNonRetryable()).isTrue();
  }

  Topology topology() throws IOException {
    return TopologyLoader.load(Files.writeString(dir.resolve("topology.yaml"), TOPOLOGY));
  }
}
