package dev.standby.worker;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays recorded runs of what an incident runs (the monitor's detection, the service's admission,
 * an unplanned and a planned failover) through this worker's own workflow code and data converter,
 * in the background once it polls. Without it the first failover of a worker's life pays for
 * loading and first running that code: on the lab's 2 cores its workflow tasks took 1.0 s in all,
 * against 0.26 s for the next one. Nothing is sent to Temporal.
 */
final class WarmUp {
  private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

  /**
   * Copies of histories under workflows/src/test/resources/histories (WarmUpTest keeps them so).
   */
  static final List<String> HISTORIES =
      List.of(
          "monitor-detects-and-starts-failover",
          "service-admits-failovers-and-moves-its-monitor",
          "failover-unplanned",
          "failover-planned");

  private WarmUp() {}

  /** Starts the replays on a daemon thread: an incident already under way is not held up. */
  static void inBackground(Worker worker) {
    Thread thread = new Thread(() -> replay(worker), "standby-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Replays each history; returns the ones that replayed. One that no longer does (recorded before
   * a change of the workflow code) is skipped with a warning: it only costs the warm-up.
   */
  static List<String> replay(Worker worker) {
    long started = System.nanoTime();
    List<String> replayed = new ArrayList<>();
    for (String name : HISTORIES) {
      try {
        worker.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(read(name)));
        replayed.add(name);
      } catch (Exception e) {
        log.warn("warm-up: {} did not replay, skipped: {}", name, e.getMessage());
      }
    }
    log.info(
        "warm-up: replayed {} of {} recorded runs in {} ms",
        replayed.size(),
        HISTORIES.size(),
        (System.nanoTime() - started) / 1_000_000);
    return replayed;
  }

  static String read(String name) throws IOException {
    try (InputStream in = WarmUp.class.getResourceAsStream("/warmup/" + name + ".json")) {
      if (in == null) {
        throw new IOException("no /warmup/" + name + ".json in the worker's jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
