package dev.standby.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.adapters.health.HttpHealthProbe;
import dev.standby.lab.Lab;
import dev.standby.lab.LabExtension;
import dev.standby.model.health.HealthReport;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Liveness apart from dependencies, on the lab with a hung (frozen) primary: the standby's app is
 * alive, and its full health check still answers within the probe's timeout. A lab per test: the
 * freeze is undone only by thawing.
 */
class LivenessAgainstTheLabTest {
  @RegisterExtension final LabExtension lab = LabExtension.withoutTemporal();

  @Test
  void withAFrozenPrimaryTheStandbyIsAliveAndItsHealthAnswersInTime() {
    Topology topology = lab.get().topology();
    HealthActivitiesImpl health = new HealthActivitiesImpl(topology, new HttpHealthProbe());
    assertThat(topology.service("payments").health().liveness())
        .as("the lab's topology names the app's liveness path")
        .isEqualTo("/livez");

    lab.get().freezeDatabase(Lab.SITE_A);
    HealthReport standbyAlive = health.liveness("payments", Lab.SITE_B);
    HealthReport standbyHealth = health.probe("payments", Lab.SITE_B);
    HealthReport primaryAlive = health.liveness("payments", Lab.SITE_A);
    HealthReport primaryHealth = health.probe("payments", Lab.SITE_A);

    assertThat(standbyAlive.alive()).as(standbyAlive.summary()).isTrue();
    assertThat(standbyAlive.status()).isEqualTo("ok");
    assertThat(standbyHealth.reachable())
        .as("answered within the 1 s probe timeout: " + standbyHealth.summary())
        .isTrue();
    assertThat(standbyHealth.components()).containsEntry("database", "read-only");
    assertThat(standbyHealth.readyToTakeOver()).isTrue();
    assertThat(primaryAlive.alive())
        .as("the primary's app runs too: liveness says nothing of its database")
        .isTrue();
    assertThat(primaryHealth.healthy()).as(primaryHealth.summary()).isFalse();
  }

  @Test
  void withoutALivenessPathLivenessIsTheFullProbe() throws java.io.IOException {
    String yaml = Files.readString(lab.get().topologyPath());
    assertThat(yaml).contains("liveness: /livez, ");
    Path withoutLiveness = lab.get().dir().resolve("topology-without-liveness.yaml");
    Files.writeString(withoutLiveness, yaml.replace("liveness: /livez, ", ""));
    HealthActivitiesImpl health =
        new HealthActivitiesImpl(TopologyLoader.load(withoutLiveness), new HttpHealthProbe());
    lab.get().stopApp(Lab.SITE_B);

    HealthReport viaFullProbe = health.liveness("payments", Lab.SITE_A);
    HealthReport stopped = health.liveness("payments", Lab.SITE_B);

    assertThat(viaFullProbe.components())
        .as("the full /health's body, with its dependencies")
        .containsEntry("database", "healthy");
    assertThat(viaFullProbe.alive()).isTrue();
    assertThat(stopped.alive()).as("a stopped app is not alive").isFalse();
    assertThat(stopped.reachable()).isFalse();
  }

  @Test
  void labDownStopsAFrozenDatabase() {
    lab.get().freezeDatabase(Lab.SITE_A);
    List<Long> frozen = lab.get().databaseProcesses(Lab.SITE_A);
    assertThat(frozen).isNotEmpty();

    lab.get().close();

    assertThat(frozen)
        .as("site-a's frozen server processes after lab down")
        .allMatch(pid -> !running(pid));
  }

  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (java.io.IOException gone) {
      return false;
    }
  }
}
