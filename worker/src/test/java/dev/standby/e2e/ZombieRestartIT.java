package dev.standby.e2e;

import static dev.standby.e2e.FailingOverAgainIT.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.standby.model.database.DatabaseRole;
import dev.standby.model.service.HistoryEntry;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.SiteCondition;
import dev.standby.topology.ServiceTopology;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.service.ServiceWorkflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The old primary an unplanned failover left comes back. Restarted as it was left (a supervisor
 * bringing the server up again), it comes back read-only: isolation left it a standby.signal.
 * Restarted writable by hand (someone removed that file), it is a second writable primary, and the
 * service fences it within a bound: its reading interval (1 s in the lab) plus the fence.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ZombieRestartIT {
  /** The lab reads every database each second; fencing (SIGKILL on the host) takes well under. */
  static final Duration FENCED_WITHIN = Duration.ofSeconds(10);

  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withWorker("zombie-restart");

  @Test
  void anOldPrimaryComesBackReadOnlyAndOneMadeWritableByHandIsFencedWithinTheBound()
      throws Exception {
    ServiceWorkflow service =
        world.get().client.newWorkflowStub(ServiceWorkflow.class, WorkflowIds.service("payments"));
    awaitState(service, "protected from the start", ServiceState::protectedNow);
    service.watch(true);
    world.get().lab.killDatabase("site-a");
    awaitState(
        service,
        "failed over to site-b",
        s -> "site-b".equals(s.primarySite()) && s.operation() == null);

    ServiceTopology.Local siteA = local("site-a");
    assertThat(Path.of(siteA.dataDir(), "standby.signal")).as("left by isolation").exists();
    pgCtl(siteA, "start");
    long cameBackAt = System.currentTimeMillis();
    assertThat(inRecovery("site-a")).as("restarted as it was left: read-only").isTrue();
    // A replica now: one whose WAL did not go past site-b's promotion simply streams from site-b;
    // one that diverged waits to be re-seeded. Either way it takes no writes.
    ServiceState back =
        awaitState(
            service,
            "site-a seen back as a replica",
            s ->
                s.site("site-a").observedAtMillis() > cameBackAt
                    && s.site("site-a").role() == DatabaseRole.REPLICA);
    assertThat(back.site("site-a").condition())
        .isIn(SiteCondition.NEEDS_RESYNC, SiteCondition.HEALTHY, SiteCondition.DEGRADED);

    pgCtl(siteA, "stop");
    Files.delete(Path.of(siteA.dataDir(), "standby.signal"));
    long restartedAt = System.currentTimeMillis();
    pgCtl(siteA, "start");
    List<Long> writableSeenAt = new ArrayList<>();
    await("site-a fenced")
        .atMost(FENCED_WITHIN.plusSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              boolean writable = takesWrites("site-a");
              if (writable) {
                writableSeenAt.add(System.currentTimeMillis());
              }
              return !writable && !writableSeenAt.isEmpty();
            });
    long fencedAfter = System.currentTimeMillis() - restartedAt;
    System.out.printf(
        "zombie restarted writable by hand: fenced %d ms after the restart (seen writable for %d"
            + " ms)%n",
        fencedAfter, writableSeenAt.get(writableSeenAt.size() - 1) - writableSeenAt.get(0));
    assertThat(Duration.ofMillis(fencedAfter)).isLessThan(FENCED_WITHIN);

    ServiceState state =
        awaitState(
            service,
            "the fence recorded",
            s -> s.history().stream().anyMatch(e -> e.what().equals("fence")));
    assertThat(state.primarySite()).isEqualTo("site-b");
    assertThat(state.alarms()).anySatisfy(a -> assertThat(a).contains("two writable primaries"));
    HistoryEntry fence =
        state.history().stream().filter(e -> e.what().equals("fence")).findFirst().orElseThrow();
    assertThat(fence.detail()).startsWith("site-a");
  }

  private static ServiceTopology.Local local(String site) {
    return world.get().topology.services().get("payments").sites().get(site).database().local();
  }

  /** pg_ctl as the database's own OS user, the way its host's supervisor would. */
  private static void pgCtl(ServiceTopology.Local local, String action)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (local.osUser() != null) {
      command.addAll(List.of("runuser", "-u", local.osUser(), "--"));
    }
    command.addAll(
        List.of(
            Path.of(local.binDir(), "pg_ctl").toString(),
            "-D",
            local.dataDir(),
            "-l",
            local.logFile(),
            "-w",
            "-t",
            "30",
            "-m",
            "fast",
            action));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(40, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("pg_ctl %s: %s", action, out).isZero();
  }

  private static boolean inRecovery(String site) throws SQLException {
    try (Connection c = world.get().lab.jdbc(site)) {
      var rs = c.createStatement().executeQuery("SELECT pg_is_in_recovery()");
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** A primary that takes writes by default; an unreachable or fenced one does not. */
  private static boolean takesWrites(String site) {
    try (Connection c = world.get().lab.jdbc(site)) {
      var rs =
          c.createStatement()
              .executeQuery(
                  "SELECT NOT pg_is_in_recovery()"
                      + " AND current_setting('default_transaction_read_only') = 'off'");
      rs.next();
      return rs.getBoolean(1);
    } catch (SQLException e) {
      return false;
    }
  }
}
