package dev.standby.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The packaged worker jar run as its own process, so a test can SIGKILL it like a crashed host. */
final class WorkerProcess implements AutoCloseable {
  private final Process process;

  private WorkerProcess(Process process) {
    this.process = process;
  }

  /** A worker that serves every queue, the central one and every site's, as on one machine. */
  static WorkerProcess start(Path topology, Path log) {
    return start(topology, log, "--serve-sites", "all");
  }

  /**
   * @param queues which queues it serves: {@code --site SITE}, {@code --serve-sites ...}, or none
   *     (the central queue only)
   */
  static WorkerProcess start(Path topology, Path log, String... queues) {
    // Failsafe runs in the worker module's folder, after the package phase built the shaded jar.
    Path jar = Path.of("target", "standby-worker.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: end-to-end tests run after `mvn package`");
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    try {
      Files.createDirectories(log.getParent());
      List<String> command =
          new ArrayList<>(
              List.of(
                  java,
                  "-Xmx512m",
                  "-jar",
                  jar.toString(),
                  "--topology",
                  topology.toString(),
                  "--metrics-port",
                  "0",
                  // Drill reports under target, not in the module's folder next to the sources.
                  "--reports",
                  Path.of("target", "drill-reports", "worker-process")
                      .toAbsolutePath()
                      .toString()));
      command.addAll(List.of(queues));
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new WorkerProcess(process);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook runs, no activity completes, as when the host dies. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  static File logFile(String name) {
    return Path.of("target", "e2e-logs", name + ".log").toFile();
  }
}
