package dev.standby.adapters.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The processes on this machine that belong to a scratch folder: those whose command line names a
 * path inside it, or that run in it. A practice's clone and app live entirely in their folder, so
 * this finds what a worker that died left running (a {@code pg_basebackup}, an app) without a pid
 * file to trust.
 */
public final class ScratchProcesses {
  private ScratchProcesses() {}

  public static List<ProcessHandle> using(Path folder) {
    String marker = folder.toAbsolutePath().normalize().toString();
    List<ProcessHandle> found = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.toList()) {
        String name = proc.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
          continue;
        }
        String cmdline = commandLine(proc);
        String cwd = workingDir(proc);
        if ((cmdline != null && contains(cmdline, marker))
            || (cwd != null && contains(cwd, marker))) {
          ProcessHandle.of(Long.parseLong(name)).ifPresent(found::add);
        }
      }
    } catch (IOException e) {
      // No /proc (not Linux): nothing can be found this way; the pid files still are.
    }
    return found;
  }

  /** {@code marker} as the folder itself or a path inside it, not a sibling that starts alike. */
  private static boolean contains(String cmdline, String marker) {
    int at = cmdline.indexOf(marker);
    while (at >= 0) {
      int end = at + marker.length();
      if (end == cmdline.length() || cmdline.charAt(end) == '/' || cmdline.charAt(end) == ' ') {
        return true;
      }
      at = cmdline.indexOf(marker, end);
    }
    return false;
  }

  private static String workingDir(Path proc) {
    try {
      return Files.readSymbolicLink(proc.resolve("cwd")).toString();
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      // The process ended, or belongs to a user we may not inspect: not one of ours to clean up.
      return null;
    }
  }

  private static String commandLine(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ').strip();
    } catch (IOException | SecurityException e) {
      return null; // gone meanwhile
    }
  }
}
