package dev.standby.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.standby.model.CommsTemplates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyLoaderTest {
  static final String GOOD =
      """
      temporal: {target: "127.0.0.1:7233", namespace: default, taskQueue: standby, uiUrl: "http://127.0.0.1:8233"}
      sites:
        site-a: {provider: lab, region: local-a}
        site-b: {provider: lab, region: local-b}
      services:
        payments:
          primarySite: site-a
          objectives: {rto: 30s, rpo: 5s}
          health: {path: /health, timeout: 1s, latencyBudget: 500ms}
          monitor: {interval: 1s, failureThreshold: 3}
          verify: {path: /health, requests: 20, siteHeader: X-Standby-Site, timeout: 30s}
          traffic: {provider: haproxy, admin: "127.0.0.1:18099", group: be_payments, frontDoor: "http://127.0.0.1:18080"}
          sites:
            site-a:
              app: "http://127.0.0.1:18081"
              database: {provider: postgresql, url: "jdbc:postgresql://127.0.0.1:15432/orders", user: standby}
            site-b:
              app: "http://127.0.0.1:18082"
              database: {provider: postgresql, url: "jdbc:postgresql://127.0.0.1:15433/orders", user: standby, passwordEnv: PG_B}
              trafficTarget: srv-b
      """;

  @TempDir Path dir;

  @Test
  void readsAGoodFileWithItsDefaults() throws IOException {
    Topology topology =
        TopologyLoader.load(
            write(
                GOOD.replace(
                    "      health: {path: /health, timeout: 1s, latencyBudget: 500ms}\n", "")));

    ServiceTopology payments = topology.service("payments");
    assertThat(topology.temporal().taskQueue()).isEqualTo("standby");
    assertThat(topology.sites()).containsOnlyKeys("site-a", "site-b");
    assertThat(payments.primarySite()).isEqualTo("site-a");
    assertThat(payments.rto()).isEqualTo(Duration.ofSeconds(30));
    assertThat(payments.rpo()).isEqualTo(Duration.ofSeconds(5));
    assertThat(payments.monitor()).isEqualTo(new ServiceTopology.Monitor(Duration.ofSeconds(1), 3));
    assertThat(payments.verify())
        .isEqualTo(
            new ServiceTopology.Verify("/health", 20, "X-Standby-Site", Duration.ofSeconds(30)));
    assertThat(payments.health())
        .as("defaults when the section is left out")
        .isEqualTo(
            new ServiceTopology.HealthCheck(
                "/health", Duration.ofSeconds(1), Duration.ofMillis(500)));
    assertThat(payments.traffic().admin()).isEqualTo("127.0.0.1:18099");
    assertThat(payments.sites()).containsOnlyKeys("site-a", "site-b");
    assertThat(payments.site("site-a").trafficTarget())
        .as("defaults to the site's name")
        .isEqualTo("site-a");
    assertThat(payments.site("site-b").trafficTarget()).isEqualTo("srv-b");
    assertThat(payments.site("site-b").database())
        .isEqualTo(
            new ServiceTopology.Database(
                "postgresql", "jdbc:postgresql://127.0.0.1:15433/orders", "standby", "PG_B"));
  }

  @Test
  void reportsEveryProblemAtOnceEachNamingItsField() throws IOException {
    String broken =
        GOOD.replace("rto: 30s", "rto: 30 seconds")
            .replace("failureThreshold: 3", "failureThreshold: 0")
            .replace("siteHeader: X-Standby-Site", "siteHeader: X-Standby-Site, retries: 3")
            .replace("admin: \"127.0.0.1:18099\"", "admin: \"localhost\"")
            .replace("frontDoor: \"http://127.0.0.1:18080\"", "frontDoor: \"127.0.0.1:18080\"")
            .replace("      site-b:\n", "      site-c:\n")
            .replace(
                "provider: postgresql, url: \"jdbc:postgresql://127.0.0.1:15432/orders\"",
                "provider: mysql, url: \"jdbc:mysql://x/y\"");

    TopologyException e =
        catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(write(broken)));

    assertThat(fields(e))
        .containsExactlyInAnyOrder(
            "services.payments.sites.site-a.database.provider: 'mysql' is not supported (supported: azure-postgresql, cloudsql, postgresql, rds)",
            "services.payments.sites.site-c: unknown site 'site-c' (declared sites: site-a, site-b)",
            "services.payments.objectives.rto: '30 seconds' is not a duration (use e.g. 500ms, 30s, 5m, 4h, 1d)",
            "services.payments.monitor.failureThreshold: must be a whole number of at least 1, found '0'",
            "services.payments.verify.retries: unknown field (known: path, requests, siteHeader, timeout)",
            "services.payments.traffic.admin: 'localhost' is not host:port",
            "services.payments.traffic.frontDoor: '127.0.0.1:18080' is not an http(s) URL");
    assertThat(e.getMessage()).startsWith("invalid topology " + dir.resolve("topology.yaml"));
  }

  @Test
  void readsTheFailbackBlockAndADatabasesLocalControl() throws IOException {
    String withFailback =
        GOOD.replace(
                "    sites:\n      site-a:\n        app",
                "    failback: {steps: [20, 60, 100], bake: 2m, sampleEvery: 5s, sampleRequests: 30, "
                    + "maxErrorRate: 0.02, maxLatency: 300ms, onGateFailure: hold}\n    sites:\n      site-a:\n        app")
            .replace(
                "url: \"jdbc:postgresql://127.0.0.1:15432/orders\", user: standby}",
                "url: \"jdbc:postgresql://127.0.0.1:15432/orders\", user: standby, "
                    + "local: {dataDir: /var/lib/pg/a, binDir: /usr/lib/postgresql/15/bin, osUser: postgres}}");

    ServiceTopology payments = TopologyLoader.load(write(withFailback)).service("payments");

    assertThat(payments.failback())
        .isEqualTo(
            new ServiceTopology.Failback(
                List.of(20, 60, 100),
                Duration.ofMinutes(2),
                Duration.ofSeconds(5),
                30,
                0.02,
                Duration.ofMillis(300),
                "hold",
                100));
    assertThat(payments.site("site-a").database().local())
        .isEqualTo(
            new ServiceTopology.Local(
                "/var/lib/pg/a", "/usr/lib/postgresql/15/bin", "postgres", null));
    assertThat(payments.site("site-b").database().local())
        .as("no local block: resync is not possible there")
        .isNull();
    assertThat(TopologyLoader.load(write(GOOD)).service("payments").failback())
        .isEqualTo(ServiceTopology.Failback.DEFAULTS);
  }

  @Test
  void readsTheNotifyBlockWithItsChannelContactLevelsAndTemplates() throws IOException {
    String withNotify =
        GOOD.replace(
            "    sites:\n      site-a:\n        app",
            """
            notify:
              channel: C0PAYMENTS
              levels:
                - {approvers: [U0ONCALL], timeout: 5m}
                - {approvers: [U0BACKUP, S0SRETEAM], timeout: 10m}
              onLastTimeout: abort
              templates: {initial: "{kind} of {service} started by {requestedBy}"}
            sites:
              site-a:
                app"""
                .indent(4)
                .stripTrailing());

    ServiceTopology payments = TopologyLoader.load(write(withNotify)).service("payments");

    assertThat(payments.notifications().channel()).isEqualTo("C0PAYMENTS");
    assertThat(payments.notifications().levels())
        .containsExactly(
            new ServiceTopology.ContactLevel(List.of("U0ONCALL"), Duration.ofMinutes(5)),
            new ServiceTopology.ContactLevel(
                List.of("U0BACKUP", "S0SRETEAM"), Duration.ofMinutes(10)));
    assertThat(payments.notifications().onLastTimeout()).isEqualTo("abort");
    assertThat(payments.notifications().templates().initial())
        .isEqualTo("{kind} of {service} started by {requestedBy}");
    assertThat(payments.notifications().templates().resolution())
        .as("a template left out keeps its default")
        .isEqualTo(CommsTemplates.DEFAULTS.resolution());
    assertThat(TopologyLoader.load(write(GOOD)).service("payments").notifications())
        .isEqualTo(ServiceTopology.Notify.DEFAULTS);
  }

  @Test
  void aNotifyBlockThatMakesNoSenseIsReportedFieldByField() throws IOException {
    String broken =
        GOOD.replace(
            "    sites:\n      site-a:\n        app",
            """
            notify:
              channel: ""
              levels:
                - {approvers: [alice], timeout: 5 minutes}
                - {approvers: [U0BACKUP]}
              onLastTimeout: shrug
              templates: {resolution: "done in {rto}, lost {orders}", closing: bye}
            sites:
              site-a:
                app"""
                .indent(4)
                .stripTrailing());

    TopologyException e =
        catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(write(broken)));

    assertThat(fields(e))
        .containsExactlyInAnyOrder(
            "services.payments.notify.channel: must not be empty (leave it out for the worker's default channel)",
            "services.payments.notify.levels[0].approvers: 'alice' is not a Slack user or group id (e.g. U024BE7LH, S0SRETEAM)",
            "services.payments.notify.levels[0].timeout: '5 minutes' is not a duration (use e.g. 500ms, 30s, 5m, 4h, 1d)",
            "services.payments.notify.levels[1].timeout: is required",
            "services.payments.notify.onLastTimeout: 'shrug' is not one of: keep-waiting, proceed, abort",
            "services.payments.notify.templates.closing: unknown field (known: initial, resolution, update)",
            "services.payments.notify.templates.resolution: unknown placeholder {orders} (known: "
                + String.join(", ", CommsTemplates.PLACEHOLDERS)
                + ")");
  }

  @Test
  void failbackStepsThatDoNotIncreaseToAHundredAreRejected() throws IOException {
    String broken =
        GOOD.replace(
            "    sites:\n      site-a:\n        app",
            "    failback: {steps: [10, 50, 25], maxErrorRate: 5, onGateFailure: pray}\n    sites:\n      site-a:\n        app");

    TopologyException e =
        catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(write(broken)));

    assertThat(fields(e))
        .containsExactlyInAnyOrder(
            "services.payments.failback.steps: steps must increase (25 comes after 50), found [10, 50, 25]",
            "services.payments.failback.maxErrorRate: must be a fraction between 0 and 1 (0.01 is 1%), found '5'",
            "services.payments.failback.onGateFailure: 'pray' is not one of: rollback, hold");
  }

  @Test
  void readsAnOptionalLivenessPathBesideTheFullHealthCheck() throws IOException {
    String withLiveness =
        GOOD.replace(
            "health: {path: /health, timeout: 1s,",
            "health: {path: /health, liveness: /livez, timeout: 1s,");

    ServiceTopology.HealthCheck health =
        TopologyLoader.load(write(withLiveness)).service("payments").health();

    assertThat(health.liveness()).isEqualTo("/livez");
    assertThat(health.forLiveness().path()).isEqualTo("/livez");
    assertThat(health.forLiveness().timeout()).isEqualTo(health.timeout());
    assertThat(TopologyLoader.load(write(GOOD)).service("payments").health().forLiveness().path())
        .as("without a liveness path, liveness is the full check")
        .isEqualTo("/health");
  }

  @Test
  void aLivenessPathMustBeAPath() throws IOException {
    String broken =
        GOOD.replace(
            "health: {path: /health, timeout: 1s,",
            "health: {path: /health, liveness: livez, timeout: 1s,");

    TopologyException e =
        catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(write(broken)));

    assertThat(fields(e))
        .containsExactly("services.payments.health.liveness: must start with '/', found 'livez'");
  }

  @Test
  void reportsMissingFieldsAndAPrimaryThatIsNotASite() throws IOException {
    String broken =
        GOOD.replace("primarySite: site-a", "primarySite: site-z")
            .replace("objectives: {rto: 30s, rpo: 5s}", "objectives: {rto: 30s}")
            .replace("url: \"jdbc:postgresql://127.0.0.1:15433/orders\", ", "");

    TopologyException e =
        catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(write(broken)));

    assertThat(fields(e))
        .containsExactlyInAnyOrder(
            "services.payments.sites.site-b.database.url: is required",
            "services.payments.primarySite: 'site-z' is not one of the service's sites (site-a, site-b)",
            "services.payments.objectives.rpo: is required");
  }

  @Test
  void namesUnknownTopLevelFieldsAndAServiceWithOneSite() throws IOException {
    String broken = "alerts: {slack: '#dr'}\n" + GOOD.replaceAll("(?s)      site-b:\n.*", "");

    TopologyException e =
        catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(write(broken)));

    assertThat(fields(e))
        .containsExactlyInAnyOrder(
            "alerts: unknown field (known: regionPlans, services, sites, temporal)",
            "services.payments.sites: a service needs at least two sites to fail over between, found 1");
  }

  @Test
  void invalidYamlIsOneProblemWithItsPosition() throws IOException {
    Path file = write("sites:\n  site-a: {provider: lab\nservices: []\n");

    TopologyException e =
        catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(file));

    assertThat(e.problems())
        .containsExactly(file + ":3:9: not valid YAML: expected ',' or '}', but got :");
  }

  @Test
  void anEmptyFileSaysSo() throws IOException {
    Path file = write("");

    TopologyException e =
        catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(file));

    assertThat(e.problems()).containsExactly(file + ":1:1: the file is empty");
  }

  @Test
  void aMissingFileSaysSo() {
    Path file = dir.resolve("nope.yaml");

    TopologyException e =
        catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(file));

    assertThat(e.problems())
        .containsExactly(
            file + ":1:1: cannot read the file: java.nio.file.NoSuchFileException: " + file);
  }

  /**
   * The problems' fields and messages without their positions, for tests about what is found (not
   * where).
   */
  static List<String> fields(TopologyException e) {
    return e.located().stream()
        .map(p -> (p.path().isEmpty() ? "" : p.path() + ": ") + p.message())
        .toList();
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("topology.yaml"), yaml);
  }
}
