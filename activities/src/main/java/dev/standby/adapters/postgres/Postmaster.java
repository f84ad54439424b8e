package dev.standby.adapters.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The server of a PostgreSQL data dir on this machine, found by its {@code postmaster.pid}. */
public final class Postmaster {
  private Postmaster() {}

  /**
   * The pid of the postmaster that runs on {@code dataDir}, empty when none does. Read from /proc
   * rather than asked of pg_ctl or of {@link ProcessHandle}: a killed postmaster whose parent does
   * not reap it stays a zombie, which both take for a running server.
   */
  public static OptionalLong running(Path dataDir) {
    try {
      String pid = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip();
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z'
          ? OptionalLong.empty()
          : OptionalLong.of(Long.parseLong(pid));
    } catch (IOException | RuntimeException noServer) {
      return OptionalLong.empty();
    }
  }
}
