package dev.standby.adapters.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.activities.CurrentActivity;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.practice.CloneRecord;
import dev.standby.model.practice.IsolatedApp;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Copies of an app started on this machine for practice failovers, each in its own folder ({@code
 * <scratchDir>/<key>-app}, its working directory), on a free loopback port that no router knows.
 * The process outlives a worker that dies; it is found again by its working directory, so stopping
 * it needs no state but the key.
 */
public final class LocalIsolatedApps {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String READY = "app.json";
  private static final Duration START_WAIT = Duration.ofSeconds(30);
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  /**
   * @param command the topology's {@code drill.practice.app}, with {@code {port}}, {@code
   *     {dbHost}}, {@code {dbPort}} and {@code {name}} to fill in
   * @param probePath a path that answers once the app serves (its liveness or health path)
   */
  public IsolatedApp start(
      Path scratchDir, String key, List<String> command, CloneRecord clone, String probePath) {
    Path dir = folder(scratchDir, key);
    Path ready = dir.resolve(READY);
    if (Files.exists(ready) && !ScratchProcesses.using(dir).isEmpty()) {
      try {
        return JSON.readValue(ready.toFile(), IsolatedApp.class);
      } catch (IOException e) {
        // unreadable: started again below
      }
    }
    stop(scratchDir, key);
    int port = freePort();
    List<String> argv =
        command.stream()
            .map(
                a ->
                    a.replace("{port}", String.valueOf(port))
                        .replace("{dbHost}", clone.host())
                        .replace("{dbPort}", String.valueOf(clone.port()))
                        .replace("{name}", "practice"))
            .toList();
    Process process;
    try {
      Files.createDirectories(dir);
      process =
          new ProcessBuilder(argv)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("app.log").toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
    } catch (IOException e) {
      throw Failures.nonRetryable(
          FailureType.INVALID_INPUT,
          "cannot start the isolated app " + String.join(" ", argv) + ": " + e.getMessage());
    }
    String url = "http://127.0.0.1:" + port;
    awaitAnswer(process, url + probePath, dir);
    IsolatedApp app =
        new IsolatedApp(
            key,
            url,
            System.currentTimeMillis(),
            List.of("isolated app " + url + " (pid " + process.pid() + ", folder " + dir + ")"));
    try {
      JSON.writeValue(ready.toFile(), app);
    } catch (IOException e) {
      throw Failures.retryable(Failures.PROVIDER_ERROR, "cannot write " + ready + ": " + e, e);
    }
    return app;
  }

  /** Stops every process running in the key's folder and deletes it; the lines say what. */
  public List<String> stop(Path scratchDir, String key) {
    Path dir = folder(scratchDir, key);
    List<String> removed = new ArrayList<>();
    if (!Files.exists(dir)) {
      return removed;
    }
    for (ProcessHandle p : ScratchProcesses.using(dir)) {
      p.destroy();
      try {
        p.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
      removed.add("stopped the isolated app (pid " + p.pid() + ")");
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw Failures.retryable(Failures.PROVIDER_ERROR, "cannot delete " + dir + ": " + e, e);
    }
    removed.add("deleted " + dir);
    return removed;
  }

  private void awaitAnswer(Process process, String url, Path dir) {
    long deadline = System.currentTimeMillis() + START_WAIT.toMillis();
    while (System.currentTimeMillis() < deadline) {
      CurrentActivity.heartbeat("waiting for the isolated app at " + url);
      if (!process.isAlive()) {
        throw Failures.nonRetryable(
            FailureType.VERIFICATION_FAILED,
            "the isolated app exited with "
                + process.exitValue()
                + " before it answered; see "
                + dir.resolve("app.log"));
      }
      try {
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).GET().build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Failures.retryable(Failures.TIMED_OUT, "interrupted", e);
      }
    }
    throw Failures.retryable(
        Failures.TIMED_OUT,
        "the isolated app did not answer at " + url + " in " + START_WAIT,
        null);
  }

  private static Path folder(Path scratchDir, String key) {
    if (!key.matches("[A-Za-z0-9._-]+")) {
      throw Failures.nonRetryable(FailureType.INVALID_INPUT, "bad app key '" + key + "'");
    }
    return scratchDir.toAbsolutePath().resolve(key + "-app");
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw Failures.retryable(Failures.PROVIDER_ERROR, "no free port: " + e, e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
