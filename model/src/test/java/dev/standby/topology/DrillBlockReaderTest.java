package dev.standby.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.standby.model.health.HttpCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code drill} block of a service: what drills write, check, checksum, when they may run and
 * how faults go in.
 */
class DrillBlockReaderTest {
  @TempDir Path dir;

  private Path write(String drill) throws IOException {
    Path file = dir.resolve("topology.yaml");
    Files.writeString(file, TopologyLoaderTest.GOOD + drill);
    return file;
  }

  @Test
  void readsADrillBlock() throws IOException {
    Topology topology =
        TopologyLoader.load(
            write(
                """
            drill:
              writeLoad: {path: /orders, body: '{"item":"drill"}', sequenceField: seq, table: orders, column: seq}
              writers: 2
              settle: 3s
              checks: [{name: health, path: /health, status: 200}, {path: /orders/0, status: 404}]
              tables: [orders]
              stop: {maxErrorRate: 0.5, window: 20s}
              blackouts: ["2026-12-20T00:00:00Z/2027-01-03T00:00:00Z"]
              schedule: {cron: "0 3 1 * *", type: chaos, fault: kill-db}
              faults: {provider: lab, labDir: /tmp/lab, command: /repo/lab/lab}
        """));

    ServiceTopology.Drill drill = topology.service("payments").drill();
    assertThat(drill.writeLoad())
        .isEqualTo(
            new ServiceTopology.WriteLoad(
                "/orders", "{\"item\":\"drill\"}", "seq", "orders", "seq"));
    assertThat(drill.writers()).isEqualTo(2);
    assertThat(drill.settle()).isEqualTo(Duration.ofSeconds(3));
    assertThat(drill.baseline()).as("default").isEqualTo(Duration.ofSeconds(2));
    assertThat(drill.checks())
        .containsExactly(
            new HttpCheck("health", "/health", 200), new HttpCheck("/orders/0", "/orders/0", 404));
    assertThat(drill.tables()).containsExactly("orders");
    assertThat(drill.maxErrorRate()).isEqualTo(0.5);
    assertThat(drill.errorWindow()).isEqualTo(Duration.ofSeconds(20));
    assertThat(drill.blackouts())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.covers(Instant.parse("2026-12-25T12:00:00Z").toEpochMilli())).isTrue();
              assertThat(b.covers(Instant.parse("2027-01-03T00:00:00Z").toEpochMilli()))
                  .as("end exclusive")
                  .isFalse();
            });
    assertThat(drill.schedule())
        .isEqualTo(new ServiceTopology.Schedule("0 3 1 * *", "CHAOS", "KILL_DB"));
    assertThat(drill.faults())
        .isEqualTo(new ServiceTopology.Faults("lab", "/tmp/lab", "/repo/lab/lab"));
  }

  @Test
  void aPracticeBlockIsReadWithItsDefaultsAndAnAppWithoutItsPortIsRefused() throws IOException {
    ServiceTopology.Practice practice =
        TopologyLoader.load(
                write(
                    """
            drill:
              practice: {scratchDir: /tmp/practice, app: [python3, app.py, --port, "{port}"]}
        """))
            .service("payments")
            .drill()
            .practice();
    assertThat(practice)
        .isEqualTo(
            new ServiceTopology.Practice(
                "/tmp/practice",
                java.util.List.of("python3", "app.py", "--port", "{port}"),
                java.time.Duration.ofSeconds(60),
                java.time.Duration.ofSeconds(5),
                2,
                10));

    TopologyException e =
        catchThrowableOfType(
            TopologyException.class,
            () ->
                TopologyLoader.load(
                    write(
                        """
            drill:
              practice: {app: [python3, app.py], slice: soon}
        """)));
    assertThat(e.getMessage())
        .contains(
            "services.payments.drill.practice.app: must pass the app its port as '{port}'",
            "services.payments.drill.practice.slice:");
  }

  @Test
  void aServiceWithoutADrillBlockGetsTheDefaults() throws IOException {
    assertThat(TopologyLoader.load(write("")).service("payments").drill())
        .isEqualTo(ServiceTopology.Drill.DEFAULTS);
  }

  @Test
  void everyProblemIsReportedWithItsField() throws IOException {
    TopologyException e =
        catchThrowableOfType(
            TopologyException.class,
            () ->
                TopologyLoader.load(
                    write(
                        """
            drill:
              writeLoad: {path: orders, sequenceField: seq, table: "orders; drop", column: seq}
              checks: [{name: x}]
              stop: {maxErrorRate: 2}
              blackouts: ["2027-01-03T00:00:00Z/2026-12-20T00:00:00Z", "next week"]
              schedule: {cron: "every day", type: tabletop}
              faults: {provider: aws}
              colour: blue
        """)));

    assertThat(e.getMessage())
        .contains(
            "services.payments.drill.colour: unknown field",
            "services.payments.drill.writeLoad.path: must be a path starting with '/', found 'orders'",
            "services.payments.drill.writeLoad.table: 'orders; drop' is not a plain SQL identifier",
            "services.payments.drill.checks[0].path: is required",
            "services.payments.drill.stop.maxErrorRate: must be a fraction between 0 and 1",
            "services.payments.drill.blackouts[0]: ends before it starts",
            "services.payments.drill.blackouts[1]: 'next week' is not START/END in ISO-8601 UTC",
            "services.payments.drill.schedule.cron: 'every day' is not a cron expression of five fields",
            "services.payments.drill.schedule.type: 'tabletop' is not one of [simulated, chaos, practice]",
            "services.payments.drill.faults.provider: 'aws' is not supported",
            "services.payments.drill.faults.labDir: is required");
  }
}
