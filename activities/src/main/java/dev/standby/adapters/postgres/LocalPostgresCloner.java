package dev.standby.adapters.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.activities.CurrentActivity;
import dev.standby.adapters.DatabaseCloner;
import dev.standby.adapters.local.ScratchProcesses;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.practice.CloneRecord;
import dev.standby.topology.ServiceTopology.Database;
import dev.standby.topology.ServiceTopology.Local;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A practice clone of a PostgreSQL replica on this machine: {@code pg_basebackup} of the replica
 * (read-only for it; the primary is not contacted) into {@code <scratchDir>/<key>/data}, started on
 * a free loopback port with no upstream, so it replays exactly the WAL the backup carried, then
 * promoted. The replica keeps streaming as before. Everything the clone is lives under {@code
 * <scratchDir>/<key>}, so removing it is stopping its server, killing whatever still runs there (a
 * {@code pg_basebackup} whose worker died) and deleting the folder.
 */
public final class LocalPostgresCloner implements DatabaseCloner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String READY = "clone.json";
  private final UnaryOperator<String> environment;
  private final PostgresConnector connector;

  public LocalPostgresCloner(UnaryOperator<String> environment) {
    this.environment = environment;
    this.connector = new PostgresConnector(environment);
  }

  @Override
  public CloneRecord create(CloneRequest r) {
    Local local = requireLocal(r);
    Path base = base(r);
    Path ready = base.resolve(READY);
    Path data = base.resolve("data");
    if (Files.exists(ready) && Postmaster.running(data).isPresent()) {
      try {
        return JSON.readValue(ready.toFile(), CloneRecord.class);
      } catch (IOException e) {
        // unreadable: made again below
      }
    }
    remove(r);
    List<String> created = new ArrayList<>();
    try {
      Files.createDirectories(base);
      Files.createDirectories(data);
      Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
      own(base, local.osUser());
      own(data, local.osUser());
    } catch (IOException e) {
      throw Failures.retryable(Failures.PROVIDER_ERROR, "cannot make " + data + ": " + e, e);
    }
    created.add("data directory " + data);
    LocalPostgres clone =
        new LocalPostgres(
            new Local(
                data.toString(),
                local.binDir(),
                local.osUser(),
                base.resolve("postgres.log").toString()),
            environment);
    clone.baseBackup(r.standby());
    long backupEnded = System.currentTimeMillis();
    Position primaryAt = primaryPosition(r.primary(), backupEnded);
    int port = freePort();
    // No upstream: the clone replays the WAL its backup holds and stops there, instead of
    // streaming from the replica. Later lines of postgresql.auto.conf win.
    clone.write(
        LocalPostgres.AUTO_CONF,
        clone.read(LocalPostgres.AUTO_CONF)
            + "\n# a practice clone (Standby): its own port, no upstream, no archiving\n"
            + "port = "
            + port
            + "\nlisten_addresses = '127.0.0.1'\nprimary_conninfo = ''\nprimary_slot_name = ''\n"
            + "archive_mode = off\ncluster_name = 'practice'\n");
    if (!clone.has(LocalPostgres.STANDBY_SIGNAL)) {
      clone.write(LocalPostgres.STANDBY_SIGNAL, "");
    }
    clone.start();
    long pid = Postmaster.running(data).orElse(-1);
    created.add("PostgreSQL clone server on 127.0.0.1:" + port + " (pid " + pid + ")");
    Database db = cloneDatabase(r.standby(), port);
    Replayed replayed = awaitReplayEnd(db);
    promote(db);
    CloneRecord record =
        new CloneRecord(
            r.key(),
            "postgresql",
            r.site(),
            data.toString(),
            "127.0.0.1",
            port,
            replayed.lastCommitAtMillis(),
            primaryAt.atMillis(),
            primaryAt.lsn() != null
                && replayed.lsn() != null
                && lsn(replayed.lsn()) >= lsn(primaryAt.lsn()),
            System.currentTimeMillis(),
            List.copyOf(created));
    try {
      JSON.writeValue(ready.toFile(), record);
    } catch (IOException e) {
      throw Failures.retryable(Failures.PROVIDER_ERROR, "cannot write " + ready + ": " + e, e);
    }
    return record;
  }

  @Override
  public List<String> remove(CloneRequest r) {
    Local local = requireLocal(r);
    Path base = base(r);
    Path data = base.resolve("data");
    List<String> removed = new ArrayList<>();
    if (!Files.exists(base)) {
      return removed;
    }
    var running = Postmaster.running(data);
    if (running.isPresent()) {
      new LocalPostgres(
              new Local(data.toString(), local.binDir(), local.osUser(), null), environment)
          .stop();
      removed.add("stopped the PostgreSQL clone server (pid " + running.getAsLong() + ")");
    }
    // A pg_basebackup (or a server) left running by a worker that died while making the clone.
    for (ProcessHandle p : ScratchProcesses.using(base)) {
      String what = p.info().command().orElse("process");
      p.destroyForcibly();
      removed.add("killed " + Path.of(what).getFileName() + " (pid " + p.pid() + ") in " + base);
    }
    deleteTree(base);
    removed.add("deleted " + base);
    return removed;
  }

  private static Local requireLocal(CloneRequest r) {
    Local local = r.standby().local();
    if (local == null || r.practice() == null || r.practice().scratchDir() == null) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          r.service()
              + "/"
              + r.site()
              + ": a local PostgreSQL clone needs the database's local block (binDir, osUser) and"
              + " drill.practice.scratchDir");
    }
    return local;
  }

  private static Path base(CloneRequest r) {
    if (!r.key().matches("[A-Za-z0-9._-]+")) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, "bad clone key '" + r.key() + "'");
    }
    return Path.of(r.practice().scratchDir()).toAbsolutePath().resolve(r.key());
  }

  private record Position(String lsn, long atMillis) {}

  private record Replayed(String lsn, Long lastCommitAtMillis) {}

  /** The primary's WAL position and clock right after the backup: what "caught up" means. */
  private Position primaryPosition(Database primary, long fallbackMillis) {
    if (primary == null) {
      return new Position(null, fallbackMillis);
    }
    try (Connection c = connector.openQuick(primary);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text, clock_timestamp()")) {
      rs.next();
      return new Position(rs.getString(1), rs.getTimestamp(2).getTime());
    } catch (SQLException e) {
      // The primary may be away (a practice of a service in trouble): the age then counts from now.
      return new Position(null, fallbackMillis);
    }
  }

  /** Until the clone has replayed all the WAL it has: its position stops moving. */
  private Replayed awaitReplayEnd(Database db) {
    long deadline = System.currentTimeMillis() + Duration.ofMinutes(5).toMillis();
    String last = null;
    int still = 0;
    while (System.currentTimeMillis() < deadline) {
      CurrentActivity.heartbeat("clone replaying its WAL");
      try (Connection c = connector.openQuick(db);
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT pg_last_wal_replay_lsn()::text, pg_last_xact_replay_timestamp()")) {
        rs.next();
        String lsn = rs.getString(1);
        Timestamp commit = rs.getTimestamp(2);
        still = lsn != null && lsn.equals(last) ? still + 1 : 0;
        last = lsn;
        if (still >= 2) {
          return new Replayed(lsn, commit == null ? null : commit.getTime());
        }
      } catch (SQLException e) {
        still = 0; // still starting
      }
      sleep(200);
    }
    throw Failures.retryable(
        Failures.TIMED_OUT, "the clone did not finish replaying its WAL in 5 minutes", null);
  }

  private void promote(Database db) {
    try (Connection c = connector.open(db, Duration.ofSeconds(90));
        Statement s = c.createStatement()) {
      s.execute("SELECT pg_promote(true, 60)");
      try (ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
        rs.next();
        if (rs.getBoolean(1)) {
          throw Failures.retryable(
              Failures.PROVIDER_ERROR, "the clone is still in recovery after pg_promote", null);
        }
      }
    } catch (SQLException e) {
      throw Failures.retryable(Failures.PROVIDER_ERROR, "cannot promote the clone: " + e, e);
    }
  }

  private static Database cloneDatabase(Database standby, int port) {
    String url = standby.url().replaceFirst("//[^/]+", "//127.0.0.1:" + port);
    return new Database("postgresql", url, standby.user(), standby.passwordEnv());
  }

  private static long lsn(String text) {
    String[] parts = text.split("/");
    return (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw Failures.retryable(Failures.PROVIDER_ERROR, "no free port: " + e, e);
    }
  }

  private static void own(Path path, String user) throws IOException {
    if (user != null && !user.equals(System.getProperty("user.name"))) {
      Files.setOwner(
          path, path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user));
    }
  }

  private static void deleteTree(Path base) {
    try (Stream<Path> paths = Files.walk(base)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw Failures.retryable(Failures.PROVIDER_ERROR, "cannot delete " + base + ": " + e, e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(Failures.TIMED_OUT, "interrupted", e);
    }
  }
}
