package dev.standby.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.standby.model.region.OnServiceFailure;
import dev.standby.model.region.RegionGroup;
import dev.standby.model.region.RegionPlanSpec;
import dev.standby.model.region.RegionTrigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegionPlanBlockTest {
  /** Three services of the same shape; {@code DEPS_x} and {@code PLANS} are filled per test. */
  static final String TOPOLOGY =
      """
      temporal: {target: "127.0.0.1:7233"}
      sites:
        site-a: {provider: lab, region: local-a}
        site-b: {provider: lab, region: local-b}
      services:
      SERVICES
      PLANS
      """;

  static String service(String name, String dependsOn) {
    return """
          NAME:
            primarySite: site-a
            objectives: {rto: 30s, rpo: 5s}
            traffic: {provider: haproxy, admin: "127.0.0.1:18099", group: be_NAME, frontDoor: "http://127.0.0.1:18080"}
            DEPS
            sites:
              site-a:
                app: "http://127.0.0.1:18081"
                database: {url: "jdbc:postgresql://127.0.0.1:15432/NAME"}
              site-b:
                app: "http://127.0.0.1:18082"
                database: {url: "jdbc:postgresql://127.0.0.1:15433/NAME"}
        """
        .replace("NAME", name)
        .replace("DEPS", dependsOn == null ? "" : "dependsOn: [" + dependsOn + "]");
  }

  @TempDir Path dir;

  private Path write(String deps, String plans) throws IOException {
    String services =
        service("ledger", null) + service("payments", deps) + service("orders", "payments");
    return Files.writeString(
        dir.resolve("topology.yaml"),
        TOPOLOGY.replace("SERVICES\n", services).replace("PLANS", plans));
  }

  @Test
  void withoutAPlanASiteMovesEveryServiceInDependsOnOrder() throws IOException {
    Topology topology = TopologyLoader.load(write("ledger", ""));

    assertThat(topology.regions().plan("site-a")).isEqualTo(RegionPlanSpec.defaults("site-a"));
    assertThat(topology.regions().groups("site-a", List.of("orders", "payments", "ledger")))
        .containsExactly(
            new RegionGroup(List.of("ledger"), false),
            new RegionGroup(List.of("payments"), false),
            new RegionGroup(List.of("orders"), false));
    // A dependency that is not moving (its primary is elsewhere) holds nothing back.
    assertThat(topology.regions().groups("site-a", List.of("orders", "payments")))
        .containsExactly(
            new RegionGroup(List.of("payments"), false), new RegionGroup(List.of("orders"), false));
  }

  @Test
  void readsADeclaredPlanWithApprovalsATimeoutAndATrigger() throws IOException {
    Topology topology =
        TopologyLoader.load(
            write(
                "ledger",
                """
                regionPlans:
                  site-a:
                    groups:
                      - [ledger]
                      - {services: [payments], approval: true}
                      - [orders]
                    maxParallel: 4
                    onServiceFailure: stop-after-group
                    groupTimeout: 5m
                    trigger: {failedServices: 2, window: 15s, minInterval: 1h}
                """));

    RegionPlanSpec plan = topology.regions().plan("site-a");
    assertThat(plan.maxParallel()).isEqualTo(4);
    assertThat(plan.onServiceFailure()).isEqualTo(OnServiceFailure.STOP_AFTER_GROUP);
    assertThat(plan.groupTimeoutMillis()).isEqualTo(300_000L);
    assertThat(plan.trigger()).isEqualTo(new RegionTrigger(2, 15_000, 3_600_000));
    // Only the services moving are kept; the approval of a group that lost its services
    // moves to the next one.
    assertThat(topology.regions().groups("site-a", List.of("payments", "orders")))
        .containsExactly(
            new RegionGroup(List.of("payments"), true), new RegionGroup(List.of("orders"), false));
    assertThat(topology.regions().groups("site-a", List.of("ledger", "orders")))
        .containsExactly(
            new RegionGroup(List.of("ledger"), false), new RegionGroup(List.of("orders"), true));
    assertThat(topology.regions().plan("site-b")).isEqualTo(RegionPlanSpec.defaults("site-b"));
  }

  @Test
  void aPlanThatMakesNoSenseIsReportedFieldByField() throws IOException {
    TopologyException e =
        catchThrowableOfType(
            TopologyException.class,
            () ->
                TopologyLoader.load(
                    write(
                        "ledger, nope",
                        """
                        regionPlans:
                          site-z: {maxParallel: 2}
                          site-a:
                            groups:
                              - [payments, ledger]
                              - [ledger, billing]
                            maxParallel: 0
                            onServiceFailure: panic
                            trigger: {failedServices: 2, window: soon}
                        """)));

    assertThat(e.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "services.payments.dependsOn: unknown service 'nope' (known: ledger, payments, orders)"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "regionPlans.site-z: unknown site 'site-z' (declared sites: site-a, site-b)"))
        .anySatisfy(
            p -> assertThat(p).contains("'ledger' is already in group 1: a service moves once"))
        .anySatisfy(p -> assertThat(p).contains("unknown service 'billing'"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "'payments' depends on 'ledger', which is in group 1: it must move in an earlier group"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "regionPlans.site-a.maxParallel: must be a whole number of at least 1, found '0'"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains(
                        "regionPlans.site-a.onServiceFailure: 'panic' is not one of: continue, stop-after-group, stop"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("regionPlans.site-a.trigger.window: 'soon' is not a duration"));
  }

  @Test
  void aDependencyCycleIsNamed() throws IOException {
    TopologyException e =
        catchThrowableOfType(
            TopologyException.class, () -> TopologyLoader.load(write("orders", "")));

    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).contains("dependsOn forms a cycle among: payments, orders"));
  }
}
