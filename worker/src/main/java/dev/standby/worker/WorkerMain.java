package dev.standby.worker;

import dev.standby.topology.Topology;
import dev.standby.topology.TopologyException;
import dev.standby.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar standby-worker.jar --topology topology.yaml [--metrics-port 9464]}: reads the
 * topology, connects to Temporal and runs Standby's workflows and activities until stopped.
 */
public final class WorkerMain {
  private static final Logger log = LoggerFactory.getLogger(WorkerMain.class);

  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    WorkerArguments arguments;
    Topology topology;
    try {
      arguments = WorkerArguments.parse(args);
      topology = TopologyLoader.load(arguments.topology());
    } catch (IllegalArgumentException | TopologyException e) {
      System.err.println("standby-worker: " + e.getMessage());
      System.exit(2);
      return;
    }
    StandbyWorker worker;
    try {
      worker =
          StandbyWorker.start(
              topology, arguments.metricsHost(), arguments.metricsPort(), arguments.reports());
    } catch (dev.standby.temporal.TemporalSetupException e) {
      System.err.println("standby-worker: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "standby-worker-shutdown"));
    log.info(
        "Standby worker on task queue '{}' of {} (namespace {}), services {}, metrics {}",
        topology.temporal().taskQueue(),
        topology.temporal().target(),
        topology.temporal().namespace(),
        topology.services().keySet(),
        worker.metricsUrl());
    if (arguments.monitorReplication()) {
      worker.startReplicationMonitors().forEach(line -> log.info("replication monitor: {}", line));
    }
    Thread.currentThread().join();
  }

  /**
   * The command line: {@code --topology FILE} (or STANDBY_TOPOLOGY), {@code --metrics-port N} (0:
   * none) and {@code --metrics-host ADDRESS} (127.0.0.1 unless a container must publish it) and
   * {@code --monitor-replication} (start {@code replication-monitor/<service>} for every service).
   */
  record WorkerArguments(
      Path topology,
      String metricsHost,
      int metricsPort,
      boolean monitorReplication,
      Path reports) {
    static WorkerArguments parse(String[] args) {
      String topology = System.getenv("STANDBY_TOPOLOGY");
      String reports =
          Objects.requireNonNullElse(
              System.getenv("STANDBY_REPORTS"), StandbyWorker.DEFAULT_REPORTS);
      String metricsHost = "127.0.0.1";
      int metricsPort = 9464;
      boolean monitorReplication = false;
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--topology" -> topology = require(value, "--topology needs a file");
          case "--metrics-port" ->
              metricsPort = port(require(value, "--metrics-port needs a number"));
          case "--metrics-host" -> metricsHost = require(value, "--metrics-host needs an address");
          case "--monitor-replication" -> {
            monitorReplication = true;
            i--; // a flag: no value follows
          }
          case "--reports" -> reports = require(value, "--reports needs a folder");
          default ->
              throw new IllegalArgumentException(
                  "unknown argument '"
                      + args[i]
                      + "' (usage: --topology FILE [--metrics-port N] [--metrics-host ADDRESS] [--monitor-replication]"
                      + " [--reports DIR])");
        }
        i++;
      }
      if (topology == null) {
        throw new IllegalArgumentException(
            "no topology: pass --topology FILE or set STANDBY_TOPOLOGY");
      }
      return new WorkerArguments(
          Path.of(topology), metricsHost, metricsPort, monitorReplication, Path.of(reports));
    }

    private static String require(String value, String message) {
      if (value == null) {
        throw new IllegalArgumentException(message);
      }
      return value;
    }

    private static int port(String value) {
      try {
        int port = Integer.parseInt(value);
        if (port >= 0 && port < 65536) {
          return port;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new IllegalArgumentException(
          "--metrics-port '" + value + "' is not a port number (0 to 65535)");
    }
  }
}
