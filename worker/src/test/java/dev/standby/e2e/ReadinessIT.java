package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.standby.lab.Emulator;
import dev.standby.lab.Lab;
import dev.standby.lab.SharedCloudEmulators;
import dev.standby.model.backup.BackupRequest;
import dev.standby.model.backup.BackupResult;
import dev.standby.model.readiness.Finding;
import dev.standby.model.readiness.Readiness;
import dev.standby.model.readiness.ReadinessStatus;
import dev.standby.topology.TopologyLoader;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.backup.BackupWorkflow;
import dev.standby.workflows.readiness.ReadinessWorkflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Readiness on the lab, evaluated every second: with site-b's WAL replay paused while orders flow,
 * it turns failing within one evaluation of the lag passing the RPO and names the lag; it recovers
 * when replay resumes. With the newest backup older than its daily schedule allows, it names the
 * backup.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReadinessIT {
  private static final long EVERY_MILLIS = 1_000;

  @RegisterExtension
  static final SharedCloudEmulators clouds = SharedCloudEmulators.of(Emulator.MOTO, Emulator.GCS);

  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withoutWorker("readiness");

  @BeforeAll
  static void worker() throws Exception {
    Lab lab = world.get().lab;
    String yaml =
        Files.readString(lab.topologyPath())
                .replace("reconcile: 1s}", "reconcile: 1s, readiness: 1s}")
                .stripTrailing()
            + "\n"
            + "    backup:\n"
            + "      keyId: lab-key\n"
            + "      keyEnv: PAYMENTS_BACKUP_KEY\n"
            + "      targets:\n"
            + "        local: {provider: filesystem, path: \""
            + lab.dir().resolve("backups")
            + "\"}\n"
            + "        s3: {provider: s3, bucket: pay-backups, region: "
            + clouds.awsRegion()
            + ", endpoint: \""
            + clouds.awsEndpoint()
            + "\", accessKeyEnv: AWS_KEY, secretKeyEnv: AWS_SECRET}\n"
            + "        gcs: {provider: gcs, bucket: pay-backups, project: "
            + clouds.gcsProject()
            + ", endpoint: \""
            + clouds.gcsEndpoint()
            + "\"}\n"
            + "      schedule: {backup: \"0 3 * * *\", restoreVerify: \"0 5 * * 1\"}\n"
            + "      checks: [\"SELECT count(*) >= 0 FROM orders\"]\n";
    Path own = lab.dir().resolve("topology-with-readiness.yaml");
    Files.writeString(own, yaml);
    Map<String, String> env =
        Map.of(
            "PAYMENTS_BACKUP_KEY",
            Base64.getEncoder().encodeToString(new byte[32]),
            "AWS_KEY",
            clouds.awsAccessKeyId(),
            "AWS_SECRET",
            clouds.awsSecretAccessKey());
    world.get().withWorker(TopologyLoader.load(own), env::get);
  }

  private static ReadinessWorkflow readiness() {
    return world
        .get()
        .client
        .newWorkflowStub(ReadinessWorkflow.class, WorkflowIds.readiness("payments"));
  }

  private static Finding finding(Readiness r, String area, String subject) {
    return r == null
        ? null
        : r.findings().stream()
            .filter(f -> f.area().equals(area) && f.subject().equals(subject))
            .findFirst()
            .orElse(null);
  }

  private static Readiness await(String what, Duration within, Predicate<Readiness> until) {
    AtomicReference<Readiness> seen = new AtomicReference<>();
    Awaitility.await(what)
        .atMost(within)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              Readiness r = readiness().readiness();
              seen.set(r);
              return r != null && until.test(r);
            });
    return seen.get();
  }

  private static long siteBLagMillis() throws Exception {
    try (Connection b = world.get().lab.jdbc("site-b");
        Statement s = b.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
                    + " ELSE (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) *"
                    + " 1000)::bigint END")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void replay(String call) throws Exception {
    try (Connection b = world.get().lab.jdbc("site-b");
        Statement s = b.createStatement()) {
      s.execute("SELECT " + call + "()");
    }
  }

  @Test
  void pausedReplayPastTheRpoTurnsReadinessFailingWithinOneEvaluationAndResumingRecovers()
      throws Exception {
    OrderLoad writers = OrderLoad.start(world.get().lab.frontDoorUrl(), 2);
    try {
      writers.awaitAcks("before the pause", a -> true, 20);
      await(
          "site-b ready",
          Duration.ofSeconds(60),
          r -> finding(r, "targets", "site-b").status() == ReadinessStatus.OK);

      replay("pg_wal_replay_pause");
      Awaitility.await("site-b's lag past the 5 s RPO")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> siteBLagMillis() > 5_000);
      long pastRpo = System.currentTimeMillis();
      Readiness failing =
          await(
              "readiness failing on site-b",
              Duration.ofSeconds(10),
              r -> finding(r, "targets", "site-b").status() == ReadinessStatus.FAILING);
      assertThat(failing.status()).isEqualTo(ReadinessStatus.FAILING);
      long tookMillis = System.currentTimeMillis() - pastRpo;
      assertThat(finding(failing, "targets", "site-b").reason())
          .startsWith("site-b replica lag ")
          .endsWith("ms behind site-a, past the RPO of 5000 ms");
      // One evaluation a second, each a few reads: turned within one evaluation (plus the read
      // it took and this test's 100 ms polling).
      assertThat(tookMillis).isLessThan(EVERY_MILLIS + 1_500);

      replay("pg_wal_replay_resume");
      Readiness recovered =
          await(
              "readiness recovered",
              Duration.ofSeconds(15),
              r -> finding(r, "targets", "site-b").status() == ReadinessStatus.OK);
      assertThat(recovered.evaluations()).isGreaterThan(failing.evaluations());
      System.out.printf(
          "readiness: failing %d ms after site-b's lag passed the RPO (%s); recovered: %s%n",
          tookMillis, finding(failing, "targets", "site-b").reason(), recovered.summary());
    } finally {
      writers.stop();
      replay("pg_wal_replay_resume");
    }
  }

  @Test
  void aNewestBackupOlderThanItsScheduleAllowsIsNamed() throws Exception {
    BackupWorkflow backup =
        world
            .get()
            .client
            .newWorkflowStub(
                BackupWorkflow.class, world.get().options(WorkflowIds.backup("payments")));
    BackupResult made = backup.backup(BackupRequest.of("payments", "readiness test"));
    String id = made.manifest().backupId();
    Readiness fresh =
        await(
            "the new backup seen",
            Duration.ofSeconds(30),
            r ->
                finding(r, "backups", "local") != null
                    && finding(r, "backups", "local").reason().contains(id));
    assertThat(finding(fresh, "backups", "local").status()).isEqualTo(ReadinessStatus.OK);

    // The newest backup, as if the nightly schedule had stopped three days ago.
    ObjectMapper json = new ObjectMapper();
    Path manifest;
    try (Stream<Path> files = Files.walk(world.get().lab.dir().resolve("backups"))) {
      manifest =
          files
              .filter(p -> p.getFileName().toString().equals(id + ".manifest.json"))
              .findFirst()
              .orElseThrow();
    }
    ObjectNode m = (ObjectNode) json.readTree(manifest.toFile());
    m.put("createdAtMillis", System.currentTimeMillis() - 3 * 86_400_000L);
    json.writeValue(manifest.toFile(), m);

    Readiness stale =
        await(
            "the stale backup named",
            Duration.ofSeconds(30),
            r -> finding(r, "backups", "local").status() == ReadinessStatus.FAILING);
    assertThat(finding(stale, "backups", "local").reason())
        .isEqualTo(
            "newest backup in local is "
                + id
                + ", 3 d old, older than the schedule (every 24 h) allows");
    assertThat(stale.status()).isEqualTo(ReadinessStatus.FAILING);
    world.get().saveHistory(WorkflowIds.readiness("payments"), "readiness-lag-and-stale-backup");
  }
}
