package dev.standby.worker;

import dev.standby.topology.Topology;
import dev.standby.topology.TopologyException;
import dev.standby.topology.TopologyLoader;
import java.nio.file.Path;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar standby-worker.jar --topology topology.yaml [--metrics-port 9464] [--site SITE |
 * --serve-sites all]}: reads the topology, connects to Temporal and runs Standby's workflows and
 * activities (or, with {@code --site}, one site's host activities) until stopped.
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
    WorkerQueues queues;
    try {
      queues = WorkerQueues.parse(arguments.site(), arguments.serveSites(), topology);
      if (arguments.monitorReplication() && !queues.central()) {
        throw new IllegalArgumentException(
            "--monitor-replication starts workflows: the central worker's job, not a site worker's");
      }
    } catch (IllegalArgumentException e) {
      System.err.println("standby-worker: " + e.getMessage());
      System.exit(2);
      return;
    }
    StandbyWorker worker;
    try {
      worker =
          StandbyWorker.start(
              topology,
              arguments.metricsHost(),
              arguments.metricsPort(),
              System::getenv,
              arguments.reports(),
              queues);
    } catch (dev.standby.temporal.TemporalSetupException e) {
      System.err.println("standby-worker: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "standby-worker-shutdown"));
    if (queues.central()) {
      log.info(
          "Standby worker on task queue '{}' of {} (namespace {}), services {}, metrics {}{}",
          topology.temporal().taskQueue(),
          topology.temporal().target(),
          topology.temporal().namespace(),
          topology.services().keySet(),
          worker.metricsUrl(),
          queues.sites().isEmpty()
              ? "; the sites' host activities are left to their site workers (--site)"
              : "; also the host activities of " + queues.siteQueues());
    } else {
      log.info(
          "Standby site worker for {} on task queue '{}' of {} (namespace {}): host activities only,"
              + " metrics {}",
          queues.sites().get(0),
          queues.siteQueues().get(0),
          topology.temporal().target(),
          topology.temporal().namespace(),
          worker.metricsUrl());
    }
    if (arguments.monitorReplication()) {
      worker.startReplicationMonitors().forEach(line -> log.info("replication monitor: {}", line));
    }
    Thread.currentThread().join();
  }

  /**
   * The command line: {@code --topology FILE} (or STANDBY_TOPOLOGY), {@code --metrics-port N} (0:
   * none) and {@code --metrics-host ADDRESS} (127.0.0.1 unless a container must publish it) and
   * {@code --monitor-replication} (start {@code replication-monitor/<service>} for every service),
   * {@code --site SITE} (a site worker: only that site's host activities, on {@code standby-SITE})
   * and {@code --serve-sites all|none|A,B} (the central worker polls those sites' queues too; none
   * by default).
   */
  record WorkerArguments(
      Path topology,
      String metricsHost,
      int metricsPort,
      boolean monitorReplication,
      Path reports,
      String site,
      String serveSites) {
    static WorkerArguments parse(String[] args) {
      String topology = System.getenv("STANDBY_TOPOLOGY");
      String reports =
          Objects.requireNonNullElse(
              System.getenv("STANDBY_REPORTS"), StandbyWorker.DEFAULT_REPORTS);
      String metricsHost = "127.0.0.1";
      int metricsPort = 9464;
      boolean monitorReplication = false;
      String site = null;
      String serveSites = null;
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
          case "--site" -> site = require(value, "--site needs a site of the topology");
          case "--serve-sites" ->
              serveSites = require(value, "--serve-sites needs all, none or sites A,B");
          default ->
              throw new IllegalArgumentException(
                  "unknown argument '"
                      + args[i]
                      + "' (usage: --topology FILE [--metrics-port N] [--metrics-host ADDRESS] [--monitor-replication]"
                      + " [--reports DIR] [--site SITE | --serve-sites all|none|A,B])");
        }
        i++;
      }
      if (topology == null) {
        throw new IllegalArgumentException(
            "no topology: pass --topology FILE or set STANDBY_TOPOLOGY");
      }
      return new WorkerArguments(
          Path.of(topology),
          metricsHost,
          metricsPort,
          monitorReplication,
          Path.of(reports),
          site,
          serveSites);
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
