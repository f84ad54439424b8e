package dev.standby.worker;

import dev.standby.activities.NotifyActivities;
import dev.standby.metrics.BackupMetrics;
import dev.standby.metrics.OperationMetrics;
import dev.standby.metrics.ReplicationMetrics;
import dev.standby.model.approval.ApprovalRequirement;
import dev.standby.topology.Topology;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * Every hook the activities report through, all onto the worker's one registry (served on {@code
 * /metrics}; README, "Metrics").
 */
final class StandbyMetrics {
  private final ReplicationGauges replication;
  private final ObjectRpoGauge objectRpo;
  private final ApprovalGauges approvals;
  private final OperationGauges operations;
  private final GaugeFamily backupCopies;

  StandbyMetrics(MeterRegistry registry) {
    this(registry, System::currentTimeMillis);
  }

  /**
   * @param clock when a reported run ended (the report comes as it ends)
   */
  StandbyMetrics(MeterRegistry registry, LongSupplier clock) {
    replication = new ReplicationGauges(registry);
    objectRpo = new ObjectRpoGauge(registry, clock);
    approvals = new ApprovalGauges(registry);
    operations = new OperationGauges(registry, approvals, clock);
    backupCopies =
        new GaugeFamily(
            registry,
            "standby.backup.copy.last.success.timestamp.seconds",
            "When a backup copy in this target was last read back whole",
            "service",
            "target");
  }

  /** Starts every service's series at zero, so rules see the first failure as an increase. */
  StandbyMetrics forTopology(Topology topology) {
    topology
        .services()
        .forEach(
            (name, spec) -> {
              operations.service(name);
              var notify = spec.notifications();
              int levels = notify == null || notify.levels() == null ? 0 : notify.levels().size();
              // without levels of its own, a service's approvals use the default ones
              approvals.service(
                  name, levels == 0 ? ApprovalRequirement.DEFAULT_LEVELS.size() : levels);
            });
    return this;
  }

  ReplicationMetrics replication() {
    return replication;
  }

  BiConsumer<String, Long> objectRpo() {
    return objectRpo::report;
  }

  OperationMetrics operations() {
    return operations;
  }

  BackupMetrics backups() {
    return (service, target, atMillis) -> backupCopies.raise(atMillis / 1000.0, service, target);
  }

  NotifyActivities notifying(NotifyActivities notifier) {
    return new MeteredNotifyActivities(notifier, approvals);
  }
}
