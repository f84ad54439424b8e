package dev.standby.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.standby.activities.ServiceActivities;
import dev.standby.model.region.RegionGroup;
import dev.standby.model.region.RegionPlan;
import dev.standby.model.region.RegionServiceOutcome;
import dev.standby.model.service.Admission;
import dev.standby.model.service.AdmissionRequest;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceState;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RegionActivitiesImplTest {
  static final String SERVICE =
      """
        %s:
          primarySite: site-a
          objectives: {rto: 30s, rpo: 5s}
          %s
          traffic: {provider: haproxy, admin: "127.0.0.1:1", group: be_%s, frontDoor: "http://127.0.0.1:2"}
          sites:
            site-a: {app: "http://127.0.0.1:3", database: {url: "jdbc:postgresql://127.0.0.1:4/%s"}}
            site-b: {app: "http://127.0.0.1:5", database: {url: "jdbc:postgresql://127.0.0.1:6/%s"}}
      """;

  @TempDir Path dir;

  @Test
  void readsEveryServicesStateAtOnceAndKeepsTheTopologysOrder() throws IOException {
    Map<String, String> primaries =
        Map.of("ledger", "site-a", "payments", "site-a", "orders", "site-b", "search", "site-a");
    // Each read waits until every read has begun: read one after the other, the first never ends.
    CountDownLatch allReading = new CountDownLatch(primaries.size());
    Function<String, ServiceState> states =
        service -> {
          allReading.countDown();
          try {
            if (!allReading.await(10, TimeUnit.SECONDS)) {
              throw new AssertionError("the states were read one after the other");
            }
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
          return ServiceState.initial(service, primaries.get(service), List.of("site-a", "site-b"));
        };

    RegionPlan plan =
        new RegionActivitiesImpl(null, topology(), new StatesOnly(states)).plan("site-a");

    assertThat(plan.groups())
        .containsExactly(
            new RegionGroup(List.of("ledger"), false),
            new RegionGroup(List.of("payments", "search"), false));
    assertThat(plan.skipped())
        .extracting(RegionServiceOutcome::service, RegionServiceOutcome::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("orders", "its primary is site-b, not site-a"));
  }

  @Test
  void aStateThatCannotBeReadFailsThePlanWithItsOwnFailure() throws IOException {
    ApplicationFailure unreachable =
        ApplicationFailure.newFailure("service/orders has not read its state yet", "UNREACHABLE");
    Function<String, ServiceState> states =
        service -> {
          if (service.equals("orders")) {
            throw unreachable;
          }
          return ServiceState.initial(service, "site-a", List.of("site-a", "site-b"));
        };

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () ->
                new RegionActivitiesImpl(null, topology(), new StatesOnly(states)).plan("site-a"));

    assertThat(failure).isSameAs(unreachable);
  }

  private Topology topology() throws IOException {
    StringBuilder yaml = new StringBuilder("sites: {site-a: {}, site-b: {}}\nservices:\n");
    for (String[] s :
        new String[][] {
          {"ledger", ""},
          {"payments", "dependsOn: [ledger]"},
          {"orders", "dependsOn: [ledger]"},
          {"search", "dependsOn: [ledger]"}
        }) {
      yaml.append(SERVICE.formatted(s[0], s[1], s[0], s[0], s[0]));
    }
    Path file = dir.resolve("topology.yaml");
    Files.writeString(file, yaml);
    return TopologyLoader.load(file);
  }

  /** Only current() is asked by plan(). */
  private record StatesOnly(Function<String, ServiceState> states) implements ServiceActivities {
    @Override
    public ServiceState current(String service) {
      return states.apply(service);
    }

    @Override
    public Admission admit(AdmissionRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void finish(OperationReport report) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean cancelRun(String workflowId, String reason) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isOpen(String workflowId, String runId) {
      throw new UnsupportedOperationException();
    }
  }
}
