package dev.standby.backup;

import dev.standby.model.backup.BackupCopy;
import dev.standby.model.backup.BackupManifest;
import dev.standby.model.backup.ConsistencyCheck;
import dev.standby.model.backup.RestoreCheck;
import dev.standby.storage.NoSuchObjectException;
import dev.standby.storage.ObjectInfo;
import dev.standby.storage.ObjectStore;
import dev.standby.storage.ObjectWriter;
import dev.standby.topology.ServiceTopology.Backup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Proves one copy of a backup: fetch, decrypt and pg_restore it into a scratch PostgreSQL as one
 * stream, then check the restored database against the manifest (rows of every table), with amcheck
 * on every B-tree index, and with the service's own check queries.
 */
public final class BackupRestorer {
  private final BackupStores stores;

  public BackupRestorer(BackupStores stores) {
    this.stores = stores;
  }

  /**
   * @throws MissingCopyException the copy is not in its target
   * @throws CorruptBackupException the copy's size, checksum or a chunk's authentication is wrong
   * @throws WrongKeyException the configured key cannot decrypt it
   */
  public RestoreCheck restore(
      BackupManifest manifest,
      String targetName,
      Backup settings,
      KeyProvider keys,
      LongConsumer progress)
      throws IOException, InterruptedException, SQLException {
    BackupCopy copy =
        manifest.copies().stream()
            .filter(c -> c.target().equals(targetName))
            .findFirst()
            .orElseThrow(
                () ->
                    new MissingCopyException(
                        "backup " + manifest.backupId() + " has no copy in '" + targetName + "'"));
    ObjectStore store = stores.open(targetName, settings.targets().get(targetName));
    ObjectInfo info =
        store
            .head(copy.key())
            .orElseThrow(() -> new MissingCopyException(copy.location() + ": the copy is missing"));
    if (info.size() != manifest.size()) {
      throw new CorruptBackupException(
          copy.location()
              + ": "
              + info.size()
              + " bytes stored, the manifest says "
              + manifest.size());
    }
    long started = System.nanoTime();
    MessageDigest sha = ObjectWriter.sha256();
    // The header (and so the key) is checked before a scratch cluster is made for nothing.
    try (InputStream fetched = fetch(store, copy);
        ProgressStream counted = new ProgressStream(new DigestInputStream(fetched, sha), progress);
        InputStream plain = new DecryptingInputStream(counted, keys, copy.location());
        ScratchPostgres pg =
            ScratchPostgres.start(settings.scratchBinDir(), settings.scratchOsUser())) {
      Path log = Files.createTempFile("standby-pg_restore-", ".log");
      try {
        String restoreError = pipe(plain, pg, log);
        if (restoreError == null && !ObjectWriter.hex(sha).equals(manifest.sha256())) {
          throw new CorruptBackupException(
              copy.location()
                  + ": SHA-256 "
                  + ObjectWriter.hex(sha)
                  + ", the manifest says "
                  + manifest.sha256());
        }
        long restoreMillis = (System.nanoTime() - started) / 1_000_000;
        List<ConsistencyCheck> checks = new ArrayList<>();
        checks.add(
            new ConsistencyCheck(
                "pg_restore",
                restoreError == null,
                restoreError == null
                    ? "restored " + manifest.dumpBytes() + " dump bytes"
                    : restoreError));
        if (restoreError == null) {
          checks.addAll(checks(pg, manifest, settings.checks()));
        }
        return new RestoreCheck(targetName, info.size(), restoreMillis, checks);
      } finally {
        Files.deleteIfExists(log);
      }
    }
  }

  /**
   * Pipes the plaintext into pg_restore; null when it restored, else pg_restore's complaint.
   * Corruption throws.
   */
  private static String pipe(InputStream plain, ScratchPostgres pg, Path log)
      throws IOException, InterruptedException {
    Process restore = pg.startRestore(log);
    boolean fed = false;
    try (OutputStream stdin = restore.getOutputStream()) {
      byte[] buffer = new byte[1 << 16];
      boolean open = true;
      for (int n; (n = plain.read(buffer)) > 0; ) {
        try {
          if (open) {
            stdin.write(buffer, 0, n);
          }
        } catch (IOException pipeClosed) {
          open =
              false; // pg_restore quit early (its exit code says why); the rest is still read, to
          // check it all
        }
      }
      fed = true;
    } finally {
      if (!fed) {
        restore.destroyForcibly(); // nothing of a corrupted copy is left half-restored
      }
    }
    int exit = restore.waitFor();
    return exit == 0
        ? null
        : "pg_restore failed (exit " + exit + "): " + Files.readString(log).strip();
  }

  private static InputStream fetch(ObjectStore store, BackupCopy copy) {
    try {
      return store.get(copy.key());
    } catch (NoSuchObjectException e) {
      throw new MissingCopyException(copy.location() + ": the copy is missing");
    }
  }

  static List<ConsistencyCheck> checks(
      ScratchPostgres pg, BackupManifest manifest, List<String> queries) throws SQLException {
    List<ConsistencyCheck> checks = new ArrayList<>();
    try (Connection c = pg.connect(ScratchPostgres.DATABASE);
        Statement st = c.createStatement()) {
      Map<String, Long> restored = new TreeMap<>();
      for (String table : PgDump.tables(st)) {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
          rs.next();
          restored.put(table, rs.getLong(1));
        }
      }
      manifest
          .rowCounts()
          .forEach(
              (table, expected) -> {
                Long found = restored.get(table);
                checks.add(
                    new ConsistencyCheck(
                        "rows " + table,
                        expected.equals(found),
                        "expected "
                            + expected
                            + ", found "
                            + (found == null ? "no table" : found)));
              });
      restored.keySet().stream()
          .filter(t -> !manifest.rowCounts().containsKey(t))
          .forEach(
              t ->
                  checks.add(
                      new ConsistencyCheck("rows " + t, false, "table not in the manifest")));
      checks.add(amcheck(st));
      for (String query : queries) {
        checks.add(custom(st, query));
      }
    }
    return checks;
  }

  /**
   * amcheck's bt_index_check with heapallindexed: every B-tree is well formed and indexes every
   * heap tuple.
   */
  private static ConsistencyCheck amcheck(Statement st) {
    try {
      st.execute("CREATE EXTENSION IF NOT EXISTS amcheck");
      int checked = 0;
      List<String> indexes = new ArrayList<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                  + " JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE a.amname = 'btree' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")) {
        while (rs.next()) {
          indexes.add(rs.getString(1));
        }
      }
      for (String index : indexes) {
        st.execute("SELECT bt_index_check('" + index.replace("'", "''") + "'::regclass, true)");
        checked++;
      }
      return new ConsistencyCheck(
          "btree indexes (amcheck)", true, checked + " indexes checked against their tables");
    } catch (SQLException e) {
      return new ConsistencyCheck("btree indexes (amcheck)", false, e.getMessage());
    }
  }

  private static ConsistencyCheck custom(Statement st, String query) {
    try (ResultSet rs = st.executeQuery(query)) {
      boolean answer = rs.next() && rs.getBoolean(1);
      return new ConsistencyCheck(query, answer, answer ? "true" : "false");
    } catch (SQLException e) {
      return new ConsistencyCheck(query, false, e.getMessage());
    }
  }
}
