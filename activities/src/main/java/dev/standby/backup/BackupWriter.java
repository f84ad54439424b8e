package dev.standby.backup;

import dev.standby.model.backup.BackupCopy;
import dev.standby.model.backup.BackupDump;
import dev.standby.storage.NoSuchObjectException;
import dev.standby.storage.ObjectInfo;
import dev.standby.storage.ObjectStore;
import dev.standby.storage.ObjectUpload;
import dev.standby.storage.ObjectWriter;
import dev.standby.topology.ServiceTopology.Backup;
import dev.standby.topology.ServiceTopology.BackupTarget;
import dev.standby.topology.ServiceTopology.Database;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes backups: the dump streamed through encryption into the first target, copies of that stored
 * object to the others (resuming a multipart upload a crashed attempt left), and read-back
 * verification of each copy.
 */
public final class BackupWriter {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final BackupStores stores;

  public BackupWriter(BackupStores stores) {
    this.stores = stores;
  }

  /**
   * pg_dump → zstd and AES-256-GCM chunks → the store, with nothing of the whole dump held in
   * memory or on disk.
   *
   * @param previous what a crashed attempt heartbeated: its upload is aborted, since the dump
   *     starts over
   * @param progress told the upload id once a multipart upload starts, then the bytes stored, for
   *     heartbeats
   */
  public BackupDump dump(
      String service,
      String backupId,
      Backup settings,
      Database database,
      String password,
      KeyProvider keys,
      String targetName,
      Optional<UploadProgress> previous,
      Consumer<UploadProgress> progress)
      throws IOException, SQLException, InterruptedException {
    BackupTarget target = settings.targets().get(targetName);
    ObjectStore store = stores.open(targetName, target);
    store.createIfMissing();
    String key = BackupObjects.data(settings.prefix(), service, backupId);
    previous.filter(p -> p.uploadId() != null).ifPresent(p -> abandon(store, p));
    BackupKey backupKey = keys.current();
    String[] uploadId = {null};
    try (PgDump dump = PgDump.start(settings.scratchBinDir(), database, password);
        EncryptingInputStream encrypted =
            new EncryptingInputStream(dump.output(), backupKey, RANDOM, settings.compression());
        Pipeline pipe = new Pipeline(encrypted, 2 * ObjectStore.PART_SIZE)) {
      // The upload reads on this (the activity's) thread, so heartbeats reach Temporal from here.
      ProgressStream counted =
          new ProgressStream(
              pipe.output(),
              n -> progress.accept(new UploadProgress(key, uploadId[0], n, targetName, null)));
      ObjectInfo stored =
          ObjectWriter.put(
              store,
              key,
              counted,
              metadata(backupId, backupKey.id()),
              upload -> {
                uploadId[0] = upload.uploadId();
                progress.accept(
                    new UploadProgress(key, uploadId[0], counted.bytes(), targetName, null));
              });
      pipe.finish();
      dump.finish();
      return new BackupDump(
          copyOf(targetName, target, store, stored),
          format(settings.compression()),
          dump.sourceLsn,
          dump.serverVersion,
          encrypted.plainBytes(),
          backupKey.id(),
          dump.rowCounts);
    }
  }

  /**
   * Copies the stored (encrypted) backup {@code from} to {@code targetName}. A copy already there
   * with the same checksum is done; an upload a crashed attempt heartbeated resumes where its
   * stored parts end.
   */
  public BackupCopy copy(
      BackupCopy from,
      Backup settings,
      String targetName,
      Optional<UploadProgress> previous,
      Consumer<UploadProgress> progress)
      throws IOException {
    ObjectStore source = stores.open(from.target(), settings.targets().get(from.target()));
    BackupTarget target = settings.targets().get(targetName);
    ObjectStore dest = stores.open(targetName, target);
    dest.createIfMissing();
    Optional<ObjectInfo> existing = dest.head(from.key());
    if (existing.isPresent()
        && from.sha256().equals(existing.get().sha256())
        && existing.get().size() == from.size()) {
      return copyOf(targetName, target, dest, existing.get());
    }
    String[] uploadId = {previous.map(UploadProgress::uploadId).orElse(null)};
    if (uploadId[0] != null) {
      try (InputStream in = source.get(from.key())) {
        // Reads the source from its start (for the checksum) but sends only what the stored parts
        // lack.
        return copyOf(
            targetName,
            target,
            dest,
            ObjectWriter.resume(
                dest, from.key(), uploadId[0], counted(in, from, targetName, uploadId, progress)));
      } catch (NoSuchObjectException gone) {
        uploadId[0] = null; // the upload was completed, aborted or expired meanwhile: start over
      }
    }
    try (InputStream in = source.get(from.key())) {
      return copyOf(
          targetName,
          target,
          dest,
          ObjectWriter.put(
              dest,
              from.key(),
              counted(in, from, targetName, uploadId, progress),
              Map.of(),
              (ObjectUpload upload) -> {
                uploadId[0] = upload.uploadId();
                progress.accept(
                    new UploadProgress(from.key(), uploadId[0], 0, targetName, from.size()));
              }));
    }
  }

  /**
   * Heartbeats progress once the upload has an id. Temporal sends an attempt's first heartbeat at
   * once and throttles the rest, so the first one must carry the upload id: that is what a retry
   * after a crash resumes.
   */
  private static InputStream counted(
      InputStream in,
      BackupCopy from,
      String targetName,
      String[] uploadId,
      Consumer<UploadProgress> progress) {
    return new ProgressStream(
        in,
        n -> {
          if (uploadId[0] != null) {
            progress.accept(
                new UploadProgress(from.key(), uploadId[0], n, targetName, from.size()));
          }
        });
  }

  /** Reads the copy back whole and compares its size and SHA-256 with what was written. */
  public BackupCopy verify(
      BackupCopy copy, Backup settings, String expectedSha256, Consumer<Long> progress)
      throws IOException {
    ObjectStore store = stores.open(copy.target(), settings.targets().get(copy.target()));
    ObjectInfo info =
        store
            .head(copy.key())
            .orElseThrow(() -> new MissingCopyException(copy.location() + ": the copy is missing"));
    if (info.size() != copy.size()) {
      throw new CorruptBackupException(
          copy.location() + ": " + info.size() + " bytes stored, " + copy.size() + " written");
    }
    MessageDigest sha = ObjectWriter.sha256();
    byte[] buffer = new byte[1 << 16];
    try (ProgressStream in = new ProgressStream(store.get(copy.key()), progress::accept)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
    }
    String actual = ObjectWriter.hex(sha);
    if (!actual.equals(expectedSha256)) {
      throw new CorruptBackupException(
          copy.location() + ": SHA-256 read back " + actual + ", expected " + expectedSha256);
    }
    return new BackupCopy(
        copy.target(),
        copy.media(),
        copy.cloud(),
        copy.location(),
        copy.key(),
        info.size(),
        actual);
  }

  private static void abandon(ObjectStore store, UploadProgress previous) {
    try {
      store.resumeUpload(previous.key(), previous.uploadId()).abort();
    } catch (RuntimeException gone) {
      // already completed, aborted or expired: nothing to clean up
    }
  }

  static BackupCopy copyOf(String name, BackupTarget target, ObjectStore store, ObjectInfo info) {
    String where = store.describe().endsWith("/") ? store.describe() : store.describe() + "/";
    return new BackupCopy(
        name,
        target.media(),
        target.cloud(),
        where + info.key(),
        info.key(),
        info.size(),
        info.sha256());
  }

  /**
   * How the dump was made, for the manifest: {@code pg_dump custom (-Fc -Z0), zstd level 1 per 1
   * MiB chunk}.
   */
  private static String format(int zstdLevel) {
    return PgDump.FORMAT
        + (zstdLevel == 0
            ? ", uncompressed"
            : ", zstd level "
                + zstdLevel
                + " per "
                + (BackupFormat.CHUNK_SIZE >> 20)
                + " MiB chunk");
  }

  private static Map<String, String> metadata(String backupId, String keyId) {
    return Map.of("standbybackupid", backupId, "standbykeyid", keyId);
  }
}
