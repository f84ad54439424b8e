package dev.standby.worker;

import dev.standby.metrics.OperationMetrics;
import dev.standby.model.StepRecord;
import dev.standby.model.service.HistoryEntry;
import dev.standby.model.service.Operation;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.OperationOutcome;
import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What the service activities report, as Prometheus series (README, "Metrics"): runs by kind and
 * outcome, the last RTO and RPO, step durations, when each kind of run last ended each way, and the
 * service's state (primary, protection, operation in progress, alarms).
 *
 * <p>The last-end timestamps also come from the service state's history, so a restarted worker
 * exports them again as soon as it sees each service's state, not only after the next drill.
 */
final class OperationGauges implements OperationMetrics {
  /** Step durations go into these buckets: from a promotion's fraction of a second to a bake. */
  private static final Duration[] STEP_BUCKETS = {
    Duration.ofMillis(100),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(30),
    Duration.ofHours(1)
  };

  private final MeterRegistry registry;
  private final LongSupplier clock;
  private final ApprovalGauges approvals;
  private final Map<String, Boolean> services = new ConcurrentHashMap<>();
  private final GaugeFamily lastEnd;
  private final GaugeFamily lastRto;
  private final GaugeFamily lastRpo;
  private final GaugeFamily lastLostWrites;
  private final GaugeFamily primary;
  private final GaugeFamily protectedNow;
  private final GaugeFamily inProgress;
  private final GaugeFamily alarms;

  OperationGauges(MeterRegistry registry, ApprovalGauges approvals) {
    this(registry, approvals, System::currentTimeMillis);
  }

  OperationGauges(MeterRegistry registry, ApprovalGauges approvals, LongSupplier clock) {
    this.registry = registry;
    this.clock = clock;
    this.approvals = approvals;
    lastEnd =
        new GaugeFamily(
            registry,
            "standby.operation.last.end.timestamp.seconds",
            "When a run of this kind and type last ended with this outcome (completed: passed)",
            "service",
            "kind",
            "type",
            "outcome");
    lastRto =
        new GaugeFamily(
            registry,
            "standby.last.rto.seconds",
            "RTO the last run of this kind measured",
            "service",
            "kind",
            "type");
    lastRpo =
        new GaugeFamily(
            registry,
            "standby.last.rpo.seconds",
            "Window of lost writes of the last run of this kind that measured one",
            "service",
            "kind",
            "type");
    lastLostWrites =
        new GaugeFamily(
            registry,
            "standby.last.lost.writes",
            "Acknowledged writes the last run of this kind lost",
            "service",
            "kind",
            "type");
    primary =
        new GaugeFamily(
            registry,
            "standby.service.primary.info",
            "The service's primary site, as its state says (always 1)",
            "service",
            "site");
    protectedNow =
        new GaugeFamily(
            registry,
            "standby.service.protected",
            "1 when a replica streams from the primary within the RPO, else 0",
            "service");
    inProgress =
        new GaugeFamily(
            registry,
            "standby.operation.in.progress",
            "1 while the service runs an operation of this kind, else 0",
            "service",
            "kind");
    alarms =
        new GaugeFamily(
            registry,
            "standby.service.alarms",
            "Alarms the service raised and has not cleared (e.g. two writable primaries)",
            "service");
  }

  /**
   * A service the worker serves: its run counters start at zero, so the first failure is an
   * increase that rules can see.
   */
  void service(String service) {
    if (services.putIfAbsent(service, true) == null) {
      for (OperationKind kind : OperationKind.values()) {
        for (OperationOutcome outcome : OperationOutcome.values()) {
          runs(service, kind, outcome);
        }
      }
    }
  }

  @Override
  public void ended(OperationReport report) {
    if (report == null || report.service() == null || report.kind() == null) {
      return;
    }
    service(report.service());
    String kind = report.kind().label();
    String type = lower(report.subtype());
    if (report.outcome() != null) {
      runs(report.service(), report.kind(), report.outcome()).increment();
      lastEnd.raise(
          clock.getAsLong() / 1000.0, report.service(), kind, type, lower(report.outcome().name()));
    }
    if (report.rtoMillis() != null) {
      lastRto.set(report.rtoMillis() / 1000.0, report.service(), kind, type);
    }
    if (report.rpoMillis() != null) {
      lastRpo.set(report.rpoMillis() / 1000.0, report.service(), kind, type);
    }
    if (report.lostWrites() != null) {
      lastLostWrites.set(report.lostWrites(), report.service(), kind, type);
    }
    for (StepRecord step : report.steps()) {
      Long millis = step.durationMillis();
      if (millis != null && millis >= 0) {
        stepTimer(kind, step.name()).record(Duration.ofMillis(millis));
      }
    }
    if (report.workflowId() != null) {
      approvals.runEnded(report.workflowId());
    }
  }

  @Override
  public void state(ServiceState state) {
    if (state == null || state.service() == null) {
      return;
    }
    String service = state.service();
    service(service);
    protectedNow.set(state.protectedNow() ? 1 : 0, service);
    // an info metric: one series, the primary's; the old primary's goes
    primary.present().stream()
        .filter(l -> l.get(0).equals(service) && !l.get(1).equals(state.primarySite()))
        .forEach(l -> primary.remove(l.toArray(String[]::new)));
    if (state.primarySite() != null) {
      primary.set(1, service, state.primarySite());
    }
    Operation operation = state.operation();
    for (OperationKind kind : OperationKind.values()) {
      inProgress.set(operation != null && operation.kind() == kind ? 1 : 0, service, kind.label());
    }
    alarms.set(state.alarms().size(), service);
    for (HistoryEntry entry : state.history()) {
      OperationKind kind = kindOf(entry.what());
      if (kind != null && entry.outcome() != null && entry.endedAtMillis() > 0) {
        lastEnd.raise(
            entry.endedAtMillis() / 1000.0,
            service,
            kind.label(),
            lower(entry.subtype()),
            lower(entry.outcome().name()));
      }
    }
  }

  /** A history entry's {@code what}: an operation kind by its label or name, or an event (null). */
  private static OperationKind kindOf(String what) {
    if (what == null) {
      return null;
    }
    for (OperationKind kind : OperationKind.values()) {
      if (kind.label().equalsIgnoreCase(what) || kind.name().equalsIgnoreCase(what)) {
        return kind;
      }
    }
    return null;
  }

  private Counter runs(String service, OperationKind kind, OperationOutcome outcome) {
    return Counter.builder("standby.operations")
        .description("Runs that ended, by kind and outcome")
        .tag("service", service)
        .tag("kind", kind.label())
        .tag("outcome", lower(outcome.name()))
        .register(registry);
  }

  private Timer stepTimer(String kind, String step) {
    return Timer.builder("standby.step.duration")
        .description("How long each step of a run took")
        .tag("kind", kind)
        .tag("step", step == null ? "" : step)
        .serviceLevelObjectives(STEP_BUCKETS)
        .register(registry);
  }

  private static String lower(String value) {
    return value == null ? "" : value.toLowerCase(Locale.ROOT);
  }
}
