package dev.standby.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.activities.impl.ObjectStores;
import dev.standby.lab.Emulator;
import dev.standby.lab.SharedCloudEmulators;
import dev.standby.model.backup.BackupCopy;
import dev.standby.model.backup.BackupSource;
import dev.standby.model.objectsync.StoreSpec;
import dev.standby.storage.ObjectInfo;
import dev.standby.storage.ObjectStore;
import dev.standby.storage.ObjectWriter;
import dev.standby.topology.ServiceTopology.Backup;
import dev.standby.topology.ServiceTopology.BackupTarget;
import dev.standby.topology.ServiceTopology.Retention;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a backup's upload reports as it goes (the heartbeat the API shows as its progress): a real
 * copy of a 20 MiB stored backup from the local disk to S3 (moto), and its read-back.
 */
class BackupUploadProgressTest {
  @RegisterExtension
  static final SharedCloudEmulators clouds = SharedCloudEmulators.of(Emulator.MOTO);

  @TempDir Path dir;

  @Test
  void aCopyReportsItsTargetAndBytesSentOfTheWholeUntilTheLastReportIsTheWhole() throws Exception {
    Map<String, BackupTarget> targets = new LinkedHashMap<>();
    targets.put("local", new BackupTarget(StoreSpec.filesystem(dir.toString()), "disk", "onprem"));
    targets.put(
        "s3",
        new BackupTarget(
            new StoreSpec(
                "s3",
                "progress-" + System.nanoTime(),
                clouds.awsRegion(),
                clouds.awsEndpoint().toString(),
                null,
                null,
                null,
                "AWS_KEY_ID",
                "AWS_SECRET"),
            "object",
            "aws"));
    Map<String, String> env =
        Map.of("AWS_KEY_ID", clouds.awsAccessKeyId(), "AWS_SECRET", clouds.awsSecretAccessKey());
    Backup settings = backup(targets);
    try (ObjectStores stores = new ObjectStores(env::get)) {
      ObjectStore local = stores.open("local", targets.get("local"));
      local.createIfMissing();
      byte[] data = new byte[20 * 1024 * 1024 + 12345];
      new Random(20).nextBytes(data);
      ObjectInfo stored =
          ObjectWriter.put(local, "payments/b1/data", new ByteArrayInputStream(data), Map.of());
      BackupCopy from = BackupWriter.copyOf("local", targets.get("local"), local, stored);
      BackupWriter writer = new BackupWriter(stores);

      List<UploadProgress> sent = new ArrayList<>();
      BackupCopy copied = writer.copy(from, settings, "s3", Optional.empty(), sent::add);
      List<Long> read = new ArrayList<>();
      writer.verify(copied, settings, from.sha256(), read::add);

      assertThat(copied.size()).isEqualTo(data.length);
      assertThat(sent).isNotEmpty();
      assertThat(sent)
          .allSatisfy(
              p -> {
                assertThat(p.target()).isEqualTo("s3");
                assertThat(p.totalBytes()).isEqualTo((long) data.length);
                assertThat(p.uploadId()).as("a multipart upload, resumable").isNotNull();
              });
      assertThat(sent).extracting(UploadProgress::bytes).isSorted();
      assertThat(sent.get(sent.size() - 1).bytes()).as("the last report").isEqualTo(data.length);
      assertThat(sent)
          .extracting(UploadProgress::bytes)
          .as("every part boundary crossed is reported")
          .anyMatch(n -> n >= 2L * ObjectStore.PART_SIZE && n < data.length);
      assertThat(read).isSorted().last().isEqualTo((long) data.length);
    }
  }

  private static Backup backup(Map<String, BackupTarget> targets) {
    return new Backup(
        "site-a",
        BackupSource.PRIMARY,
        "k1",
        "KEY",
        "backups",
        1,
        targets,
        new Retention(1, 1, 1),
        null,
        null,
        List.of(),
        null,
        null);
  }
}
