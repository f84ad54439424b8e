package dev.standby.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

import dev.standby.adapters.haproxy.HaproxyTrafficRouter;
import dev.standby.adapters.health.HttpHealthProbe;
import dev.standby.adapters.postgres.PostgresDatabaseAdapter;
import dev.standby.lab.Lab;
import dev.standby.lab.LabExtension;
import dev.standby.model.FailureType;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.health.HealthReport;
import dev.standby.topology.Topology;
import dev.standby.traffic.ServingVerifier;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The activity implementations wired as the worker wires them, against the lab: they resolve the
 * service and site from the lab's own topology file and reach the real apps, databases and HAProxy.
 * No test changes the lab for good: the one that stops an app starts it again.
 */
class ActivitiesAgainstTheLabTest {
  @RegisterExtension static final LabExtension lab = LabExtension.withoutTemporal();
  static HealthActivitiesImpl health;
  static DatabaseActivitiesImpl database;
  static TrafficActivitiesImpl traffic;

  @BeforeAll
  static void wireActivities() {
    Topology topology = lab.get().topology();
    health = new HealthActivitiesImpl(topology, new HttpHealthProbe());
    database =
        new DatabaseActivitiesImpl(topology, Map.of("postgresql", new PostgresDatabaseAdapter()));
    traffic =
        new TrafficActivitiesImpl(
            topology, Map.of("haproxy", new HaproxyTrafficRouter()), new ServingVerifier());
  }

  @Test
  void theLabAppOnThePrimaryIsHealthy() {
    HealthReport report = health.probe("payments", Lab.SITE_A);

    assertThat(report.healthy()).as(report.summary()).isTrue();
    assertThat(report.site()).isEqualTo(Lab.SITE_A);
    assertThat(report.components())
        .containsExactly(entry("database", "healthy"), entry("cache", "healthy"));
  }

  @Test
  void theAppAtTheReplicaSiteWritesToThePrimaryAndIsReadyToTakeOver() {
    HealthReport report = health.probe("payments", Lab.SITE_B);

    // Its writer endpoint reaches site-a's primary; {"writer": {"site": ...}} is a detail, not a
    // component.
    assertThat(report.httpStatus()).isEqualTo(200);
    assertThat(report.components())
        .containsExactly(Map.entry("database", "healthy"), Map.entry("cache", "healthy"));
    assertThat(report.healthy()).isTrue();
    assertThat(report.readyToTakeOver()).isTrue();
  }

  @Test
  void aStoppedAppIsUnreachableAndHealthyAgainOnceStarted() {
    lab.get().stopApp(Lab.SITE_A);
    HealthReport down;
    try {
      down = health.probe("payments", Lab.SITE_A);
    } finally {
      lab.get().startApp(Lab.SITE_A);
    }
    HealthReport up = health.probe("payments", Lab.SITE_A);

    assertThat(down.reachable()).isFalse();
    // Refused at once, not waited out: a probe that timed out says "no answer within N ms" instead.
    assertThat(down.error())
        .startsWith("cannot connect to " + lab.get().appUrl(Lab.SITE_A))
        .doesNotContain("no answer within");
    assertThat(up.healthy()).as(up.summary()).isTrue();
  }

  @Test
  void databaseAndTrafficActivitiesReachTheSitesOfTheService() {
    assertThat(database.replicationStatus("payments", Lab.SITE_A).role())
        .isEqualTo(DatabaseRole.PRIMARY);
    assertThat(database.replicationStatus("payments", Lab.SITE_B).role())
        .isEqualTo(DatabaseRole.REPLICA);
    assertThat(traffic.weights("payments"))
        .containsExactly(entry(Lab.SITE_A, 100), entry(Lab.SITE_B, 0));
    assertThat(traffic.setWeights("payments", Map.of(Lab.SITE_A, 100, Lab.SITE_B, 0)))
        .containsExactly(entry(Lab.SITE_A, 100), entry(Lab.SITE_B, 0));
    assertThat(traffic.verifyServing("payments", Lab.SITE_A, 5).allServedByExpected()).isTrue();
  }

  @Test
  void namesThatAreNotInTheTopologyFailNonRetryably() {
    assertThat(failure(() -> health.probe("payments", "site-c")).getType())
        .isEqualTo(FailureType.UNKNOWN_SITE.type());
    assertThat(failure(() -> health.probe("billing", Lab.SITE_A)).getType())
        .isEqualTo(FailureType.UNKNOWN_SERVICE.type());
    assertThat(failure(() -> database.promote("payments", "site-c")).getType())
        .isEqualTo(FailureType.UNKNOWN_SITE.type());
    assertThat(failure(() -> traffic.weights("billing")).getType())
        .isEqualTo(FailureType.UNKNOWN_SERVICE.type());
    assertThat(failure(() -> traffic.verifyServing("payments", "site-c", 5)).getType())
        .isEqualTo(FailureType.UNKNOWN_SITE.type());
  }

  private static ApplicationFailure failure(Runnable call) {
    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, call::run);
    assertThat(failure.isNonRetryable()).isTrue();
    return failure;
  }
}
