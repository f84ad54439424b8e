package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.FaultKind;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.drill.DrillWorkflow;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker's {@code /metrics} as Prometheus scrapes it, after a real planned failover and a chaos
 * drill on the lab: the series the alert rules and the dashboard read carry the runs' values.
 */
// A failover and a chaos drill (a failover and a failback) of the lab: minutes.
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class MetricsScrapeIT {
  @TempDir Path reports;
  private LabWorld world;
  private URI metrics;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void labAndWorkerWithMetrics() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    world = LabWorld.start("metrics-scrape").withMetricsWorker(port, reports);
    metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
  }

  @AfterEach
  void stop() {
    if (world != null) {
      world.close();
    }
  }

  /** One sample of the exposition: its name, labels and value. */
  record Sample(String name, Map<String, String> labels, double value) {
    boolean matches(String series, Map<String, String> wanted) {
      return name.equals(series) && labels.entrySet().containsAll(wanted.entrySet());
    }
  }

  private static final Pattern LINE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private List<Sample> scrape() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", metrics).isEqualTo(200);
    List<Sample> samples = new ArrayList<>();
    for (String line : response.body().split("\n")) {
      Matcher m = LINE.matcher(line);
      if (line.startsWith("#") || !m.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
    }
    return samples;
  }

  private static List<Sample> series(List<Sample> samples, String name, String... labels) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    return samples.stream().filter(s -> s.matches(name, wanted)).toList();
  }

  /** The one value of the series, waiting for it (the worker records a run's end as it closes). */
  private double awaitValue(String name, String... labels) {
    return await(name + " " + List.of(labels))
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> series(scrape(), name, labels), found -> found.size() == 1)
        .get(0)
        .value();
  }

  @Test
  void afterAPlannedFailoverAndAChaosDrillTheWorkerExportsWhatTheyMeasured() throws Exception {
    FailoverResult failover =
        world
            .client
            .newWorkflowStub(
                FailoverWorkflow.class, world.options(WorkflowIds.failover("payments")))
            .failover(FailoverRequest.planned("payments", "site-b", "metrics scrape test"));

    assertThat(
            awaitValue(
                "standby_operations_total",
                "service",
                "payments",
                "kind",
                "failover",
                "outcome",
                "completed"))
        .isEqualTo(1.0);
    assertThat(
            awaitValue(
                "standby_last_rto_seconds",
                "service",
                "payments",
                "kind",
                "failover",
                "type",
                "planned"))
        .isEqualTo(failover.rtoMillis() / 1000.0);
    assertThat(
            awaitValue(
                "standby_step_duration_seconds_count",
                "kind",
                "failover",
                "step",
                "promote-target"))
        .isGreaterThanOrEqualTo(1.0);
    assertThat(awaitValue("standby_service_primary_info", "service", "payments", "site", "site-b"))
        .isEqualTo(1.0);
    assertThat(
            series(
                scrape(), "standby_service_primary_info", "service", "payments", "site", "site-a"))
        .as("the old primary's series is gone")
        .isEmpty();
    await("payments re-protected: site-a streams from site-b")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> series(scrape(), "standby_service_protected", "service", "payments"),
            found -> found.size() == 1 && found.get(0).value() == 1.0);

    double testStart = System.currentTimeMillis() / 1000.0;
    DrillWorkflow drill =
        world.client.newWorkflowStub(
            DrillWorkflow.class, world.options(WorkflowIds.drill("payments")));
    WorkflowClient.start(drill::drill, DrillRequest.chaos("payments", FaultKind.KILL_DB));
    DrillResult result =
        WorkflowStub.fromTyped(drill).getResult(5, TimeUnit.MINUTES, DrillResult.class);
    assertThat(result.outcome())
        .as("reasons: %s", result.reasons())
        .isEqualTo(DrillResult.Outcome.PASSED);

    assertThat(
            awaitValue(
                "standby_operation_last_end_timestamp_seconds",
                "service",
                "payments",
                "kind",
                "drill",
                "type",
                "chaos",
                "outcome",
                "completed"))
        .isGreaterThanOrEqualTo(Math.floor(testStart));
  }
}
