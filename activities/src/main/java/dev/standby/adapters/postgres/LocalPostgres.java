package dev.standby.adapters.postgres;

import dev.standby.activities.CurrentActivity;
import dev.standby.model.Failures;
import dev.standby.topology.ServiceTopology.Database;
import dev.standby.topology.ServiceTopology.Local;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The PostgreSQL programs (pg_ctl, pg_rewind, pg_basebackup) run against a database on this
 * machine, as the OS user that owns its data dir: PostgreSQL refuses to run as root, so a worker
 * running as root switches user with {@code runuser}. The server pg_ctl starts runs in its data
 * dir, detached, logging to the topology's {@code logFile}.
 */
final class LocalPostgres {
  /**
   * pg_ctl is told to wait this long for a start or stop; the command itself gets a little more.
   */
  static final Duration SERVER_WAIT = Duration.ofSeconds(60);

  private final Local local;
  private final UnaryOperator<String> environment;

  LocalPostgres(Local local, UnaryOperator<String> environment) {
    this.local = local;
    this.environment = environment;
  }

  Path dataDir() {
    return Path.of(local.dataDir());
  }

  /**
   * True while the server in postmaster.pid runs (a zombie does not: see {@link
   * Postmaster#running}).
   */
  boolean running() {
    return Postmaster.running(dataDir()).isPresent();
  }

  /** A fast shutdown (sessions ended, a clean checkpoint); nothing to do when it is not running. */
  void stop() {
    if (running()) {
      Result stopped =
          run(
              List.of(
                  bin("pg_ctl"),
                  "stop",
                  "-D",
                  local.dataDir(),
                  "-m",
                  "fast",
                  "-w",
                  "-t",
                  String.valueOf(SERVER_WAIT.toSeconds())),
              SERVER_WAIT.plusSeconds(10),
              null);
      if (running()) { // pg_ctl also waits on a postmaster that exited but was not reaped
        check(stopped, "pg_ctl stop");
      }
    }
    // Left by a killed server. PostgreSQL takes a zombie's pid for a live postmaster and would
    // refuse to
    // start (pg_rewind's crash recovery too), so a stale file goes, as PostgreSQL removes one whose
    // pid is gone.
    if (Files.exists(dataDir().resolve("postmaster.pid"))) {
      check(
          run(
              List.of("rm", "-f", dataDir().resolve("postmaster.pid").toString()),
              Duration.ofSeconds(10),
              null),
          "removing a stale postmaster.pid");
    }
  }

  void start() {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                bin("pg_ctl"),
                "start",
                "-D",
                local.dataDir(),
                "-w",
                "-t",
                String.valueOf(SERVER_WAIT.toSeconds())));
    if (local.logFile() != null) {
      cmd.addAll(List.of("-l", local.logFile()));
    }
    check(run(cmd, SERVER_WAIT.plusSeconds(10), null), "pg_ctl start");
  }

  /**
   * Rewinds the stopped data dir to the source's timeline and writes standby.signal and
   * primary_conninfo.
   */
  Result rewind(Database source) {
    return run(
        List.of(
            bin("pg_rewind"),
            "-D",
            local.dataDir(),
            "--source-server=" + conninfo(source),
            "--write-recovery-conf",
            "--progress"),
        Duration.ofMinutes(30),
        source);
  }

  /** Empties the data dir and copies the source into it, as a replica that streams from it. */
  void baseBackup(Database source) {
    check(
        run(
            List.of("find", local.dataDir(), "-mindepth", "1", "-delete"),
            Duration.ofMinutes(5),
            null),
        "emptying " + local.dataDir());
    Map<String, String> c = parts(source);
    check(
        run(
            List.of(
                bin("pg_basebackup"),
                "-h",
                c.get("host"),
                "-p",
                c.get("port"),
                "-U",
                source.user(),
                "-D",
                local.dataDir(),
                "-R",
                "-X",
                "stream",
                "--checkpoint=fast"),
            Duration.ofHours(2),
            source),
        "pg_basebackup");
  }

  /**
   * pg_controldata's fields ({@code Database cluster state}, {@code Latest checkpoint location},
   * ...); readable while the server is stopped, which is when it matters.
   */
  Map<String, String> controlData() {
    Result r = run(List.of(bin("pg_controldata"), "-D", local.dataDir()), SERVER_WAIT, null);
    check(r, "pg_controldata");
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : r.output().split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
    }
    return fields;
  }

  boolean has(String file) {
    return Files.exists(dataDir().resolve(file));
  }

  /** Writes a file in the data dir, owned by the server's OS user. */
  void write(String file, String content) {
    Path path = dataDir().resolve(file);
    try {
      boolean existed = Files.exists(path);
      Files.writeString(path, content);
      if (!existed && owner() != null) {
        Files.setOwner(
            path,
            path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(owner()));
      }
    } catch (IOException e) {
      throw Failures.retryable(Failures.PROVIDER_ERROR, "cannot write " + path + ": " + e, e);
    }
  }

  String read(String file) {
    try {
      return Files.readString(dataDir().resolve(file));
    } catch (IOException e) {
      throw Failures.retryable(
          Failures.PROVIDER_ERROR, "cannot read " + dataDir().resolve(file) + ": " + e, e);
    }
  }

  void delete(String file) {
    try {
      Files.deleteIfExists(dataDir().resolve(file));
    } catch (IOException e) {
      throw Failures.retryable(
          Failures.PROVIDER_ERROR, "cannot delete " + dataDir().resolve(file) + ": " + e, e);
    }
  }

  /**
   * Leaves the stopped data dir so that whatever starts it next starts a read-only replica of
   * {@code primary}: {@code standby.signal}, and {@code primary_conninfo} in {@code
   * postgresql.auto.conf} (the file ALTER SYSTEM and pg_rewind write; the last setting wins, so
   * earlier ones are dropped). Returns whether anything had to change.
   */
  boolean followOnRestart(Database primary) {
    boolean changed = false;
    if (!has(STANDBY_SIGNAL)) {
      write(STANDBY_SIGNAL, "");
      changed = true;
    }
    String wanted = "primary_conninfo = '" + conninfo(primary).replace("'", "''") + "'";
    String auto = has(AUTO_CONF) ? read(AUTO_CONF) : "";
    List<String> lines = new ArrayList<>();
    for (String line : auto.split("\n")) {
      if (!line.isBlank() && !line.strip().startsWith("primary_conninfo")) {
        lines.add(line);
      }
    }
    lines.add(wanted);
    String rewritten = String.join("\n", lines) + "\n";
    if (!rewritten.equals(auto)) {
      write(AUTO_CONF, rewritten);
      changed = true;
    }
    return changed;
  }

  static final String STANDBY_SIGNAL = "standby.signal";
  static final String AUTO_CONF = "postgresql.auto.conf";

  /** The OS user files in the data dir must belong to, or null for the worker's own user. */
  String owner() {
    return switchesUser() ? local.osUser() : null;
  }

  private boolean switchesUser() {
    return local.osUser() != null && !local.osUser().equals(System.getProperty("user.name"));
  }

  private String bin(String program) {
    return Path.of(local.binDir(), program).toString();
  }

  /**
   * libpq's key=value connection string for a JDBC URL like {@code jdbc:postgresql://host:port/db}.
   */
  static String conninfo(Database database) {
    Map<String, String> c = parts(database);
    return "host="
        + c.get("host")
        + " port="
        + c.get("port")
        + " dbname="
        + c.get("dbname")
        + " user="
        + database.user();
  }

  private static Map<String, String> parts(Database database) {
    URI uri = URI.create(database.url().substring("jdbc:".length()));
    String db =
        uri.getPath() == null || uri.getPath().length() < 2
            ? "postgres"
            : uri.getPath().substring(1);
    return Map.of(
        "host",
        uri.getHost(),
        "port",
        String.valueOf(uri.getPort() > 0 ? uri.getPort() : 5432),
        "dbname",
        db);
  }

  record Result(int exitCode, String output, String command) {}

  private static void check(Result r, String what) {
    if (r.exitCode != 0) {
      throw Failures.retryable(
          Failures.PROVIDER_ERROR,
          what + " failed (exit " + r.exitCode + "): " + r.command + "\n" + r.output.strip(),
          null);
    }
  }

  /**
   * Runs a program to completion, heartbeating while it runs; output (stdout and stderr) through a
   * file.
   */
  private Result run(List<String> program, Duration timeout, Database passwordOf) {
    List<String> cmd = new ArrayList<>();
    if (switchesUser()) {
      cmd.addAll(List.of("runuser", "-u", local.osUser(), "--"));
    }
    cmd.addAll(program);
    Path out = null;
    try {
      out = Files.createTempFile("standby-pg-", ".out");
      ProcessBuilder builder =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      if (passwordOf != null
          && passwordOf.passwordEnv() != null
          && environment.apply(passwordOf.passwordEnv()) != null) {
        builder.environment().put("PGPASSWORD", environment.apply(passwordOf.passwordEnv()));
      }
      Process process = builder.start();
      long deadline = System.currentTimeMillis() + timeout.toMillis();
      while (!process.waitFor(1, TimeUnit.SECONDS)) {
        CurrentActivity.heartbeat(
            String.join(" ", program.subList(0, Math.min(2, program.size()))) + " running");
        if (System.currentTimeMillis() > deadline) {
          process.destroyForcibly();
          throw Failures.retryable(
              Failures.TIMED_OUT,
              String.join(" ", cmd) + " did not finish within " + timeout,
              null);
        }
      }
      return new Result(process.exitValue(), Files.readString(out), String.join(" ", cmd));
    } catch (IOException e) {
      throw Failures.retryable(
          Failures.PROVIDER_ERROR, "cannot run " + String.join(" ", cmd) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(
          Failures.TIMED_OUT, "interrupted while running " + String.join(" ", cmd), e);
    } finally {
      if (out != null) {
        out.toFile().delete();
      }
    }
  }
}
