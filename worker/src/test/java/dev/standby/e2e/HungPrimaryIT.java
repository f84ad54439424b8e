package dev.standby.e2e;

import static dev.standby.e2e.FailingOverAgainIT.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.model.failover.FailoverResult;
import dev.standby.model.service.ServiceState;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.service.ServiceWorkflow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A primary that hangs instead of dying (postmaster and backends frozen with SIGSTOP, as a stalled
 * host or disk leaves them), with the lab's default 1 s health timeout: the standby's full health
 * check hangs on it too, but the standby is alive and its database a healthy replica, so the
 * failover goes ahead. And when the frozen primary resumes it must not take a single write: it was
 * killed on its host while frozen.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HungPrimaryIT {
  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withWorker("hung-primary");

  @Test
  void aFrozenPrimaryIsFailedOverFromAndNeverComesBackAsAWritablePrimary() throws Exception {
    ServiceWorkflow service =
        world.get().client.newWorkflowStub(ServiceWorkflow.class, WorkflowIds.service("payments"));
    awaitState(service, "protected from the start", ServiceState::protectedNow);
    service.watch(true);

    OrderLoad load = OrderLoad.start(world.get().lab.frontDoorUrl(), 4);
    FailoverResult result;
    long frozenAt;
    try {
      load.awaitAcks("before the freeze", a -> true, 20);
      frozenAt = System.currentTimeMillis();
      world.get().lab.freezeDatabase("site-a");
      awaitState(
          service,
          "failed over to site-b",
          s -> "site-b".equals(s.primarySite()) && s.operation() == null);
      result =
          world
              .get()
              .client
              .newUntypedWorkflowStub(WorkflowIds.failover("payments"))
              .getResult(60, TimeUnit.SECONDS, FailoverResult.class);
      long frozen = frozenAt;
      load.awaitAcks(
          "by site-b after the freeze",
          a -> a.site().equals("site-b") && a.sentAtMillis() > frozen,
          5);
    } finally {
      load.stop();
    }
    long failoverDone = result.completedAtMillis();

    assertThat(result.verification().allServedByExpected()).isTrue();
    assertThat(result.rtoMillis()).isPositive().isLessThan(30_000);
    assertThat(result.steps())
        .filteredOn(s -> s.name().equals("fence-source"))
        .singleElement()
        .satisfies(s -> assertThat(s.detail()).startsWith("unreachable: ").contains("SIGKILLed"));
    System.out.printf(
        "hung primary: frozen at +0, failover done at +%d ms, workflow RTO %d ms%n",
        failoverDone - frozenAt, result.rtoMillis());

    // The zombie's return: nothing of it is left to resume, and its site's own app, which tries its
    // own database first, writes only to the new primary from now on.
    world.get().lab.thawDatabase("site-a");
    OrderLoad direct = OrderLoad.start(world.get().lab.appUrl("site-a"), 2);
    try {
      direct.awaitAcks("through site-a's own app after the thaw", a -> true, 40);
    } finally {
      direct.stop();
    }
    try (Connection siteB = world.get().lab.jdbc("site-b")) {
      List<OrderLoad.Ack> onlyOnTheZombie = direct.missingFrom(siteB);
      assertThat(onlyOnTheZombie)
          .as("orders acknowledged after the failover that the new primary lacks")
          .isEmpty();
    }
    assertThat(siteAServesWrites()).as("site-a's database takes writes again").isFalse();
  }

  /** True only when site-a's database answers as a primary that takes writes. */
  private static boolean siteAServesWrites() {
    try (Connection siteA = world.get().lab.jdbc("site-a")) {
      var rs =
          siteA
              .createStatement()
              .executeQuery(
                  "SELECT NOT pg_is_in_recovery()"
                      + " AND current_setting('default_transaction_read_only') = 'off'");
      rs.next();
      return rs.getBoolean(1);
    } catch (SQLException unreachable) {
      return false;
    }
  }
}
