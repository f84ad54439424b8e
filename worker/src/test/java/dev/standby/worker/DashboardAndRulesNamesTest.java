package dev.standby.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.activities.NotifyActivities;
import dev.standby.adapters.notify.LogNotifyActivities;
import dev.standby.model.StepRecord;
import dev.standby.model.StepRecord.StepStatus;
import dev.standby.model.approval.ApprovalAsk;
import dev.standby.model.service.Operation;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceState;
import dev.standby.topology.TopologyLoader;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.Yaml;

/**
 * Grafana cannot be installed here by package name (Debian has no grafana package; its own
 * repository and the AGPL Go module are out), so the dashboard is checked the other way: every
 * metric its queries name, and every one the alert rules name, is one a real worker serves on
 * {@code /metrics} once the hooks have been fed. ({@code standby_api_*} names are the API's:
 * PrometheusEndpointTest checks those against the API's real endpoint.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DashboardAndRulesNamesTest {
  private static final Pattern METRIC = Pattern.compile("\\bstandby_[a-zA-Z0-9_]*");
  private static final Path ROOT = repositoryRoot();

  @Test
  void everyMetricTheDashboardQueriesIsOneTheWorkerServes() throws Exception {
    JsonNode dashboard =
        new ObjectMapper().readTree(ROOT.resolve("deploy/grafana/standby.json").toFile());
    List<String> queries = new ArrayList<>();
    dashboard.findValues("expr").forEach(e -> queries.add(e.asText()));
    dashboard
        .path("templating")
        .path("list")
        .forEach(v -> queries.add(v.path("definition").asText()));
    Set<String> named = workerNames(queries);
    assertThat(named).as("the dashboard queries worker metrics").hasSizeGreaterThan(10);

    assertThat(exported()).containsAll(named);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyMetricTheAlertRulesNameIsOneTheWorkerServes() throws Exception {
    java.util.Map<String, Object> rules =
        new Yaml().load(Files.readString(ROOT.resolve("deploy/prometheus/standby-rules.yml")));
    List<String> exprs = new ArrayList<>();
    for (var group : (List<java.util.Map<String, Object>>) rules.get("groups")) {
      for (var rule : (List<java.util.Map<String, Object>>) group.get("rules")) {
        exprs.add((String) rule.get("expr"));
      }
    }
    Set<String> named = workerNames(exprs);
    assertThat(named).contains("standby_replica_lag_seconds", "standby_approval_waiting_level");

    assertThat(exported()).containsAll(named);
  }

  @Test
  void everyPanelQueriesTheProvisionedDatasource() throws Exception {
    JsonNode dashboard =
        new ObjectMapper().readTree(ROOT.resolve("deploy/grafana/standby.json").toFile());
    String provisioned =
        Files.readString(ROOT.resolve("deploy/grafana/provisioning/datasources/standby.yml"));
    Set<String> uids = new TreeSet<>();
    dashboard.findValues("datasource").forEach(d -> uids.add(d.path("uid").asText()));
    assertThat(uids).hasSize(1);
    assertThat(provisioned).contains("uid: " + uids.iterator().next());
    Set<Integer> ids = new TreeSet<>();
    dashboard
        .path("panels")
        .forEach(p -> assertThat(ids.add(p.path("id").asInt())).as("unique panel id").isTrue());
  }

  private static Set<String> workerNames(List<String> queries) {
    Set<String> names = new TreeSet<>();
    for (String query : queries) {
      Matcher m = METRIC.matcher(query);
      while (m.find()) {
        if (!m.group().startsWith("standby_api_")) {
          names.add(m.group());
        }
      }
    }
    return names;
  }

  /** What a worker's /metrics serves after each hook has heard of a run, a lag, a copy, an ask. */
  private static Set<String> exported() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    StandbyMetrics metrics =
        new StandbyMetrics(registry)
            .forTopology(
                TopologyLoader.load(
                    Path.of(
                        DashboardAndRulesNamesTest.class
                            .getResource("/metrics-topology.yaml")
                            .toURI())));
    long now = System.currentTimeMillis();
    metrics.replication().replicaLag("payments", "site-b", "postgresql", 120L, 5_000);
    metrics.objectRpo().accept("orders-bucket", now - 1_000);
    metrics.backups().copyVerified("payments", "local", now);
    metrics
        .operations()
        .state(
            ServiceState.initial("payments", "site-a", List.of("site-a", "site-b"))
                .withOperation(
                    new Operation(
                        OperationKind.DRILL, "drill/payments", "r", true, "alice", now, null)));
    metrics
        .operations()
        .ended(
            new OperationReport(
                "payments",
                OperationKind.DRILL,
                "CHAOS",
                "drill/payments",
                "r",
                OperationOutcome.COMPLETED,
                null,
                null,
                null,
                false,
                4_000L,
                0L,
                0L,
                null,
                List.of(
                    StepRecord.started("fence", now)
                        .finish(StepStatus.COMPLETED, now + 500, null))));
    try (ReadinessPoller readiness = new ReadinessPoller(null, List.of(), registry)) {
      readiness.record(
          new dev.standby.model.readiness.Readiness(
              "payments",
              now,
              dev.standby.model.readiness.ReadinessStatus.FAILING,
              List.of(
                  new dev.standby.model.readiness.Finding(
                      "targets",
                      "site-b",
                      dev.standby.model.readiness.ReadinessStatus.FAILING,
                      "lag")),
              4_000L,
              30_000,
              1));
    }
    NotifyActivities notify = metrics.notifying(new LogNotifyActivities());
    notify.escalate(
        new ApprovalAsk("failover/payments", "payments", "promote", "go", 2, List.of(), 60), null);
    try (MetricsServer server = MetricsServer.start(registry, "127.0.0.1", 0)) {
      return Scrape.of(server.url()).names();
    }
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("deploy/grafana"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no deploy/grafana above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
