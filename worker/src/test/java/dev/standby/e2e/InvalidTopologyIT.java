package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged worker refuses a broken topology at start, naming the file, the field and the
 * problem.
 */
class InvalidTopologyIT {

  @Test
  void aBrokenTopologyStopsTheWorkerWithEveryProblemNamed(@TempDir Path dir) throws Exception {
    Path topology = dir.resolve("topology.yaml");
    Files.writeString(
        topology,
        """
        sites:
          site-a: {provider: lab}
          site-b: {provider: lab}
        services:
          payments:
            primarySite: site-c
            objectives: {rto: soon, rpo: 5s}
            traffic: {provider: haproxy, admin: "127.0.0.1:18099", group: be_payments, frontDoor: "http://127.0.0.1:18080"}
            sites:
              site-a:
                app: "http://127.0.0.1:18081"
                database: {url: "jdbc:postgresql://127.0.0.1:15432/orders"}
              site-b:
                app: "http://127.0.0.1:18082"
                database: {url: "jdbc:postgresql://127.0.0.1:15433/orders"}
        """);
    Path log = dir.resolve("worker.log");
    Process worker =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                Path.of("target", "standby-worker.jar").toAbsolutePath().toString(),
                "--topology",
                topology.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();

    assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("the worker exits").isTrue();
    assertThat(worker.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log))
        .contains("invalid topology " + topology)
        .contains(
            topology
                + ":6:18: services.payments.primarySite: 'site-c' is not one of the service's sites")
        .contains(topology + ":7:23: services.payments.objectives.rto: 'soon' is not a duration");
  }

  @Test
  void anUnknownSiteStopsTheWorkerBeforeItStartsNamingTheKnownSites(@TempDir Path dir)
      throws Exception {
    Path topology = dir.resolve("topology.yaml");
    // Temporal's address is a port nobody listens on: the worker must refuse before it connects.
    Files.writeString(
        topology,
        """
        temporal: {target: "127.0.0.1:1"}
        sites:
          site-a: {provider: lab}
          site-b: {provider: lab}
        services:
          payments:
            primarySite: site-a
            objectives: {rto: 30s, rpo: 5s}
            traffic: {provider: haproxy, admin: "127.0.0.1:18099", group: be_payments, frontDoor: "http://127.0.0.1:18080"}
            sites:
              site-a:
                app: "http://127.0.0.1:18081"
                database: {url: "jdbc:postgresql://127.0.0.1:15432/orders"}
              site-b:
                app: "http://127.0.0.1:18082"
                database: {url: "jdbc:postgresql://127.0.0.1:15433/orders"}
        """);
    Path log = dir.resolve("worker.log");
    Process worker =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                Path.of("target", "standby-worker.jar").toAbsolutePath().toString(),
                "--topology",
                topology.toString(),
                "--site",
                "nope")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();

    assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("the worker exits").isTrue();
    assertThat(worker.exitValue()).isEqualTo(2);
    assertThat(Files.readString(log))
        .contains(
            "standby-worker: --site: unknown site 'nope' (the topology's sites: site-a, site-b)")
        .doesNotContain("Standby site worker")
        .doesNotContain("preflight");
  }
}
