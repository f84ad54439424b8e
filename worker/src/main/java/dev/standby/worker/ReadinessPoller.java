package dev.standby.worker;

import dev.standby.model.readiness.Finding;
import dev.standby.model.readiness.Readiness;
import dev.standby.workflows.WorkflowIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads each service's last readiness evaluation ({@code readiness/<name>}'s {@code readiness}
 * query) on a timer into gauges: the overall status, each finding's status, and the projected RTO
 * against the objective. Status values: 0 ok, 1 warning, 2 failing.
 */
final class ReadinessPoller implements AutoCloseable {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ReadinessPoller.class);

  private final WorkflowClient client;
  private final List<String> services;
  private final GaugeFamily status;
  private final GaugeFamily findings;
  private final GaugeFamily projectedRto;
  private final GaugeFamily rtoObjective;
  private final ScheduledExecutorService timer;

  ReadinessPoller(WorkflowClient client, List<String> services, MeterRegistry registry) {
    this.client = client;
    this.services = List.copyOf(services);
    this.status =
        new GaugeFamily(
            registry,
            "standby_readiness_status",
            "Whether the service's DR plan would work now: 0 ok, 1 warning, 2 failing",
            "service");
    this.findings =
        new GaugeFamily(
            registry,
            "standby_readiness_finding_status",
            "Each readiness finding: 0 ok, 1 warning, 2 failing",
            "service",
            "area",
            "subject");
    this.projectedRto =
        new GaugeFamily(
            registry,
            "standby_readiness_projected_rto_seconds",
            "Detection plus the last failover's measured duration plus the DNS TTL",
            "service");
    this.rtoObjective =
        new GaugeFamily(
            registry, "standby_readiness_rto_objective_seconds", "The service's RTO", "service");
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "readiness-metrics");
              thread.setDaemon(true);
              return thread;
            });
  }

  ReadinessPoller every(Duration period) {
    timer.scheduleWithFixedDelay(this::pollOnce, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  void pollOnce() {
    for (String service : services) {
      try {
        Readiness r =
            client
                .newUntypedWorkflowStub(WorkflowIds.readiness(service))
                .query("readiness", Readiness.class);
        if (r != null) {
          record(r);
        }
      } catch (WorkflowException e) {
        log.debug("no readiness of {} for the metrics this time: {}", service, e.getMessage());
      } catch (RuntimeException e) {
        log.warn("reading the readiness of {} for the metrics failed", service, e);
      }
    }
  }

  void record(Readiness r) {
    status.set(r.status().ordinal(), r.service());
    Set<List<String>> now = new HashSet<>();
    for (Finding f : r.findings()) {
      findings.set(f.status().ordinal(), r.service(), f.area(), f.subject());
      now.add(List.of(r.service(), f.area(), f.subject()));
    }
    // A finding that went away (a site removed, a store no longer configured) leaves no stale
    // series.
    for (List<String> present : findings.present()) {
      if (present.get(0).equals(r.service()) && !now.contains(present)) {
        findings.remove(present.toArray(String[]::new));
      }
    }
    if (r.projectedRtoMillis() != null) {
      projectedRto.set(r.projectedRtoMillis() / 1000.0, r.service());
    }
    rtoObjective.set(r.rtoObjectiveMillis() / 1000.0, r.service());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
