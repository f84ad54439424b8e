package dev.standby.backup;

import dev.standby.activities.CurrentActivity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for proving a backup: initdb in a temp dir, started on a free
 * 127.0.0.1 port (TCP only, fsync off: it lives for one check), stopped and deleted on close.
 * PostgreSQL refuses to run as root, so a root worker runs it as {@code osUser}, as the lab does.
 */
public final class ScratchPostgres implements AutoCloseable {
  public static final String USER = "standby";
  public static final String DATABASE = "restored";

  private final String binDir;
  private final String osUser;
  private final Path dir;
  private final int port;
  private boolean started;

  private ScratchPostgres(String binDir, String osUser, Path dir, int port) {
    this.binDir = binDir;
    this.osUser = osUser;
    this.dir = dir;
    this.port = port;
  }

  /** An initialised and running cluster with an empty database {@link #DATABASE}. */
  public static ScratchPostgres start(String binDir, String osUser)
      throws IOException, InterruptedException, SQLException {
    Path dir = Files.createTempDirectory("standby-scratch-pg-");
    ScratchPostgres pg = new ScratchPostgres(binDir, osUser, dir, freePort());
    try {
      if (osUser != null) {
        UserPrincipal owner =
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(osUser);
        Files.setOwner(dir, owner);
      }
      Path data = dir.resolve("data");
      pg.run(
          List.of(
              pg.bin("initdb"),
              "-D",
              data.toString(),
              "-U",
              USER,
              "--auth=trust",
              "-E",
              "UTF8",
              "--locale=C",
              "--no-sync"),
          "initdb");
      Files.writeString(
          data.resolve("postgresql.conf"),
          "\n# Standby scratch cluster: one restore, then deleted.\n"
              + "port = "
              + pg.port
              + "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nfsync = off\n"
              + "synchronous_commit = off\nfull_page_writes = off\nmax_wal_size = '2GB'\nmaintenance_work_mem = '128MB'\n",
          java.nio.file.StandardOpenOption.APPEND);
      pg.run(
          List.of(
              pg.bin("pg_ctl"),
              "start",
              "-D",
              data.toString(),
              "-w",
              "-t",
              "60",
              "-l",
              dir.resolve("server.log").toString()),
          "pg_ctl start");
      pg.started = true;
      try (Connection c = pg.connect("postgres");
          Statement st = c.createStatement()) {
        st.execute("CREATE DATABASE " + DATABASE);
      }
      return pg;
    } catch (IOException | InterruptedException | SQLException | RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  public int port() {
    return port;
  }

  public Connection connect(String database) throws SQLException {
    return PgTools.connect("jdbc:postgresql://127.0.0.1:" + port + "/" + database, USER, null);
  }

  /**
   * pg_restore reading the custom-format dump from its stdin; the caller writes to it and then
   * {@link Process#waitFor}s.
   */
  public Process startRestore(Path errors) throws IOException {
    return new ProcessBuilder(
            bin("pg_restore"),
            "-h",
            "127.0.0.1",
            "-p",
            String.valueOf(port),
            "-U",
            USER,
            "-d",
            DATABASE,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--no-password")
        .redirectErrorStream(true)
        .redirectOutput(errors.toFile())
        .start();
  }

  public String bin(String program) {
    return Path.of(binDir, program).toString();
  }

  private void run(List<String> program, String what) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (osUser != null) {
      cmd.addAll(List.of("runuser", "-u", osUser, "--"));
    }
    cmd.addAll(program);
    Path out = Files.createTempFile("standby-scratch-", ".out");
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      while (!p.waitFor(1, TimeUnit.SECONDS)) {
        CurrentActivity.heartbeat(what + " running");
      }
      if (p.exitValue() != 0) {
        throw new IOException(
            what
                + " failed (exit "
                + p.exitValue()
                + "): "
                + String.join(" ", cmd)
                + "\n"
                + Files.readString(out).strip());
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    }
  }

  /** Stops the server at once (nothing in it needs to survive) and deletes the cluster. */
  @Override
  public void close() {
    try {
      if (started) {
        run(
            List.of(
                bin("pg_ctl"),
                "stop",
                "-D",
                dir.resolve("data").toString(),
                "-m",
                "immediate",
                "-w",
                "-t",
                "30"),
            "pg_ctl stop");
      }
    } catch (IOException | InterruptedException e) {
      // deleted below all the same; a server left behind would show in its log
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException ignored) {
        // a temp dir left behind is harmless
      }
    }
  }
}
