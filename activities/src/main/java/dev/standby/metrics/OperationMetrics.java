package dev.standby.metrics;

import dev.standby.model.service.OperationReport;
import dev.standby.model.service.ServiceState;

/**
 * Where the service activities report what happened to a service, for the worker to export: every
 * run's end (counts by kind and outcome, RTO, RPO, step durations) and the service's state as last
 * seen (primary, protection).
 */
public interface OperationMetrics {
  OperationMetrics NONE =
      new OperationMetrics() {
        @Override
        public void ended(OperationReport report) {}

        @Override
        public void state(ServiceState state) {}
      };

  /** An admitted run ended (reported once per run; a retried report is dropped by the caller). */
  void ended(OperationReport report);

  /** The service's state as the last admission or query saw it. */
  void state(ServiceState state);
}
