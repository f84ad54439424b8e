package dev.standby.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.standby.model.backup.BackupSource;
import dev.standby.model.objectsync.StoreSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupBlockTest {
  static final String BACKUP =
      """
      backup:
        keyId: payments-2026
        keyEnv: PAYMENTS_BACKUP_KEY
        targets:
          local: {provider: filesystem, path: /var/backups/standby}
          s3: {provider: s3, bucket: payments-backups, region: eu-west-1, accessKeyEnv: AWS_KEY, secretKeyEnv: AWS_SECRET}
          azure: {provider: azure, bucket: payments-backups, connectionStringEnv: AZURE_BLOB}
        retention: {daily: 7, weekly: 4, monthly: 12}
        schedule: {backup: "0 2 * * *", restoreVerify: "0 6 * * *"}
        checks: ["SELECT count(*) > 0 FROM orders"]
      """;

  @TempDir Path dir;

  private Path write(String backup) throws IOException {
    Path file = dir.resolve("topology.yaml");
    Files.writeString(
        file,
        TopologyLoaderTest.GOOD.replace(
            "    sites:\n      site-a:\n        app",
            backup.indent(4) + "    sites:\n      site-a:\n        app"));
    return file;
  }

  @Test
  void readsTargetsWithTheirMediaAndCloudRetentionSchedulesAndChecks() throws IOException {
    ServiceTopology.Backup backup = TopologyLoader.load(write(BACKUP)).service("payments").backup();

    assertThat(backup.from()).as("defaults to the primary").isEqualTo(BackupSource.PRIMARY);
    assertThat(backup.keyEnv()).isEqualTo("PAYMENTS_BACKUP_KEY");
    assertThat(backup.prefix()).isEqualTo("standby-backups");
    assertThat(backup.compression()).isEqualTo(1);
    assertThat(backup.targets()).containsOnlyKeys("local", "s3", "azure");
    assertThat(backup.targets().get("local").media()).isEqualTo("disk");
    assertThat(backup.targets().get("local").cloud()).isEqualTo("onprem");
    assertThat(backup.targets().get("s3"))
        .isEqualTo(
            new ServiceTopology.BackupTarget(
                new StoreSpec(
                    "s3",
                    "payments-backups",
                    "eu-west-1",
                    null,
                    null,
                    null,
                    null,
                    "AWS_KEY",
                    "AWS_SECRET"),
                "object",
                "aws"));
    assertThat(backup.retention()).isEqualTo(new ServiceTopology.Retention(7, 4, 12));
    assertThat(backup.backupSchedule()).isEqualTo("0 2 * * *");
    assertThat(backup.restoreSchedule()).isEqualTo("0 6 * * *");
    assertThat(backup.checks()).containsExactly("SELECT count(*) > 0 FROM orders");
    assertThat(TopologyLoader.load(write("")).service("payments").backup())
        .as("no block, no backups")
        .isNull();
  }

  @Test
  void aSetThatBreaksThreeTwoOneIsRefusedWithEveryReason() throws IOException {
    String broken =
        """
        backup:
          keyId: k
          keyEnv: "not a name"
          compression: 20
          targets:
            a: {provider: s3, bucket: one}
            b: {provider: tape, bucket: two}
          schedule: {backup: "daily"}
          retention: {daily: 0, weekly: 0, monthly: 0}
        """;

    TopologyException e =
        catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(write(broken)));

    assertThat(TopologyLoaderTest.fields(e))
        .containsExactlyInAnyOrder(
            "services.payments.backup.keyEnv: 'not a name' is not an environment variable name (the key itself never goes in the file)",
            "services.payments.backup.compression: must be a whole number from 0 to 19, found '20'",
            "services.payments.backup.targets.b.provider: 'tape' is not one of filesystem, s3, gcs, azure",
            "services.payments.backup.targets: 3-2-1 needs at least three copies, found 1 [a]",
            "services.payments.backup.targets: 3-2-1 needs two kinds of media, all are 'object'",
            "services.payments.backup.targets: 3-2-1 needs one copy offsite in another cloud than the database's ('lab'), found clouds [aws]",
            "services.payments.backup.schedule.backup: 'daily' is not a cron expression of five fields (minute hour day month weekday)",
            "services.payments.backup.retention: keeps nothing (daily, weekly and monthly are all 0)");
  }

  @Test
  void threeCopiesInOneCloudAreNotOffsite() throws IOException {
    String sameCloud =
        BACKUP
            .replace(
                "azure: {provider: azure, bucket: payments-backups, connectionStringEnv: AZURE_BLOB}",
                "s3b: {provider: s3, bucket: other}")
            .replace(
                "local: {provider: filesystem, path: /var/backups/standby}",
                "local: {provider: filesystem, path: /var/backups/standby, cloud: aws}");

    TopologyException e =
        catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(write(sameCloud)));

    assertThat(TopologyLoaderTest.fields(e))
        .containsExactly(
            "services.payments.backup.targets: 3-2-1 needs one copy offsite in another "
                + "cloud than the database's ('lab'), found clouds [aws]");
  }

  @Test
  void fromReplicaDumpsACaughtUpReplica() throws IOException {
    String replica =
        BACKUP.replace("  keyId: payments-2026", "  from: replica\n  keyId: payments-2026");

    ServiceTopology.Backup backup =
        TopologyLoader.load(write(replica)).service("payments").backup();

    assertThat(backup.from()).isEqualTo(BackupSource.REPLICA);
  }

  @Test
  void aFixedSiteOrAnUnknownSourceIsRefusedAndSaysWhy() throws IOException {
    // A fixed site went stale at the first failover: the dump follows the service's primary.
    String fixed =
        BACKUP.replace(
            "  keyId: payments-2026", "  site: site-a\n  from: standby\n  keyId: payments-2026");

    TopologyException e =
        catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(write(fixed)));

    assertThat(TopologyLoaderTest.fields(e))
        .containsExactlyInAnyOrder(
            "services.payments.backup.site: 'site' is no longer a field: a backup dumps the"
                + " service's current primary, wherever a failover left it ('from: replica' dumps a"
                + " caught-up replica of it instead)",
            "services.payments.backup.from: 'standby' is not one of primary, replica");
  }

  @Test
  void theRetiredWordsForAStoreSayWhichWordToUse() throws IOException {
    String retired =
        BACKUP
            .replace(
                "local: {provider: filesystem, path: /var/backups/standby}",
                "local: {kind: filesystem, path: /var/backups/standby}")
            .replace("s3: {provider: s3,", "s3: {provider: local,");

    TopologyException e =
        catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(write(retired)));

    assertThat(TopologyLoaderTest.fields(e))
        .contains(
            "services.payments.backup.targets.local.kind: 'kind' is no longer a field: name the store with 'provider' "
                + "(filesystem, s3, gcs, azure), as object sync does",
            "services.payments.backup.targets.s3.provider: 'local' is no longer a store provider: use 'filesystem'");
  }

  @Test
  void aBlockWhoseEveryTargetIsRefusedNamesEachTargetAndCountsNothing() throws IOException {
    // Counting media and clouds over no valid target used to throw NoSuchElementException at the
    // worker's start.
    String onlyRefused =
        BACKUP
            .replace(
                "local: {provider: filesystem, path: /var/backups/standby}",
                "local: {kind: filesystem, path: /var/backups/standby}")
            .replace(
                "    s3: {provider: s3, bucket: payments-backups, region: eu-west-1, accessKeyEnv: AWS_KEY,"
                    + " secretKeyEnv: AWS_SECRET}\n",
                "")
            .replace(
                "    azure: {provider: azure, bucket: payments-backups, connectionStringEnv: AZURE_BLOB}\n",
                "");

    TopologyException e =
        catchThrowableOfType(
            TopologyException.class, () -> TopologyLoader.load(write(onlyRefused)));

    assertThat(TopologyLoaderTest.fields(e))
        .contains(
            "services.payments.backup.targets.local.kind: 'kind' is no longer a field: name the store with 'provider' "
                + "(filesystem, s3, gcs, azure), as object sync does",
            "services.payments.backup.targets: 3-2-1 needs at least three copies, found 0 []");
  }
}
