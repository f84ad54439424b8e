package dev.standby.adapters.postgres;

import java.io.File;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/** The server of a PostgreSQL data dir on this machine, found by its {@code postmaster.pid}. */
public final class Postmaster {
  private Postmaster() {}

  /**
   * The pid of the postmaster that runs on {@code dataDir}, empty when none does. Read from /proc
   * rather than asked of pg_ctl or of {@link ProcessHandle}: a killed postmaster whose parent does
   * not reap it stays a zombie, which both take for a running server. A stopped (SIGSTOP, frozen)
   * postmaster runs.
   */
  public static OptionalLong running(Path dataDir) {
    try {
      String pid = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip();
      long p = Long.parseLong(pid);
      // A pid left in a stale file may have been reused by another program since.
      return alive(p) && !provablyNotOf(p, dataDir) ? OptionalLong.of(p) : OptionalLong.empty();
    } catch (IOException | RuntimeException noServer) {
      return OptionalLong.empty();
    }
  }

  /**
   * Every live process of the server on {@code dataDir}: its postmaster and every postgres process
   * working in that data dir (backends, walsenders, and orphans a killed postmaster left),
   * postmaster first.
   */
  public static List<Long> processes(Path dataDir) {
    Set<Long> pids = new LinkedHashSet<>();
    running(dataDir).ifPresent(pids::add);
    String dir = realPath(dataDir);
    File[] entries = new File("/proc").listFiles();
    for (File entry : entries == null ? new File[0] : entries) {
      String name = entry.getName();
      if (!name.chars().allMatch(Character::isDigit)) {
        continue;
      }
      long pid = Long.parseLong(name);
      if (alive(pid) && dir.equals(cwd(pid)) && isPostgres(pid)) {
        pids.add(pid);
      }
    }
    return new ArrayList<>(pids);
  }

  /** True while {@code pid} runs (frozen included); a zombie nobody has reaped counts as gone. */
  static boolean alive(long pid) {
    char state = state(pid);
    return state != 'Z' && state != '?';
  }

  /** Stopped by a signal (SIGSTOP: frozen): it cannot answer, and SIGKILL still ends it. */
  static boolean frozen(long pid) {
    return state(pid) == 'T';
  }

  /** The process state letter in /proc/PID/stat (R, S, D, T, Z...), or '?' when it is gone. */
  private static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2);
    } catch (IOException | RuntimeException gone) {
      return '?';
    }
  }

  /**
   * True when /proc shows that {@code pid} is not a postgres working in {@code dataDir}; false when
   * it is, or when this user may not look (another user's process, without root).
   */
  private static boolean provablyNotOf(long pid, Path dataDir) {
    try {
      Path proc = Path.of("/proc", String.valueOf(pid));
      String exe = Files.readSymbolicLink(proc.resolve("exe")).getFileName().toString();
      String cwd = stripDeleted(Files.readSymbolicLink(proc.resolve("cwd")).toString());
      return !exe.startsWith("postgres") || !cwd.equals(realPath(dataDir));
    } catch (AccessDeniedException notAllowedToLook) {
      return false;
    } catch (IOException | RuntimeException gone) {
      return true;
    }
  }

  private static boolean isPostgres(long pid) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "exe"))
          .getFileName()
          .toString()
          .startsWith("postgres");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String cwd(long pid) {
    try {
      return stripDeleted(
          Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "cwd")).toString());
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** A data dir deleted under a running server still names its processes' cwd, with a suffix. */
  private static String stripDeleted(String path) {
    return path.endsWith(" (deleted)") ? path.substring(0, path.length() - 10) : path;
  }

  private static String realPath(Path dataDir) {
    try {
      return dataDir.toRealPath().toString();
    } catch (IOException e) {
      return dataDir.toAbsolutePath().normalize().toString();
    }
  }
}
