package dev.standby.api.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.standby.api.errors.ApiException;
import dev.standby.api.runbook.RunbookCatalog;
import dev.standby.topology.TopologyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broken topology reaches the API's operator with each problem's file:line:column, at start and
 * per request.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BrokenTopologyTest {
  private static final String BROKEN =
      """
      sites:
        site-a: {provider: lab}
        site-b: {provider: lab}
      services:
        payments:
          primarySite: site-a
          objectives: {rto: soon, rpo: 5s}
          traffic: {provider: haproxy, admin: "127.0.0.1:18099", group: be, frontDoor: "http://127.0.0.1:18080"}
          sites:
            site-a: {app: "http://127.0.0.1:18081", database: {url: "jdbc:postgresql://127.0.0.1:15432/orders"}}
            site-b: {app: "http://127.0.0.1:18082", database: {url: "jdbc:postgresql://127.0.0.1:15433/orders"}}
      """;

  @TempDir Path dir;

  @Test
  void theApiRefusesToStartNamingEachProblemsPosition() throws IOException {
    Path topology = Files.writeString(dir.resolve("topology.yaml"), BROKEN);

    assertThatThrownBy(() -> KnownServices.from(topology))
        .isInstanceOf(TopologyException.class)
        .hasMessage(
            "invalid topology "
                + topology
                + ":\n  - "
                + topology
                + ":7:23: services.payments.objectives.rto: 'soon' is not a duration (use e.g. 500ms, 30s, 5m, 4h, 1d)");
  }

  @Test
  void theRunbookEndpointsAnswerUnavailableWithThePositions() throws IOException {
    Path topology = Files.writeString(dir.resolve("topology.yaml"), BROKEN);
    Path runbooks = Files.createDirectories(dir.resolve("runbooks"));

    assertThatThrownBy(() -> new RunbookCatalog(runbooks, topology).all())
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.getResponse().getStatus()).isEqualTo(503))
        .hasMessage(
            "cannot check runbooks: invalid topology "
                + topology
                + ":\n  - "
                + topology
                + ":7:23: services.payments.objectives.rto: 'soon' is not a duration (use e.g. 500ms, 30s, 5m, 4h, 1d)");
  }
}
