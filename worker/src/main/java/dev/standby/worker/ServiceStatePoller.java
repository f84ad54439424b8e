package dev.standby.worker;

import dev.standby.metrics.OperationMetrics;
import dev.standby.model.service.ServiceState;
import dev.standby.model.service.ServiceWorkflowNames;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads each service's state ({@code service/<name>}'s {@code state} query) on a timer and hands it
 * to the metrics: runs report the state only when they start, but protection, the primary and
 * alarms change between runs (a replica falls behind, a zombie primary is fenced), and a dashboard
 * must show that within a scrape or two.
 */
final class ServiceStatePoller implements AutoCloseable {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ServiceStatePoller.class);

  private final WorkflowClient client;
  private final List<String> services;
  private final OperationMetrics metrics;
  private final ScheduledExecutorService timer;

  ServiceStatePoller(WorkflowClient client, List<String> services, OperationMetrics metrics) {
    this.client = client;
    this.services = List.copyOf(services);
    this.metrics = metrics;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "service-state-metrics");
              thread.setDaemon(true);
              return thread;
            });
  }

  ServiceStatePoller every(Duration period) {
    timer.scheduleWithFixedDelay(this::pollOnce, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Queries every service once; a service whose workflow does not answer keeps its last series. */
  void pollOnce() {
    for (String service : services) {
      try {
        ServiceState state =
            client
                .newUntypedWorkflowStub(ServiceWorkflowNames.workflowId(service))
                .query(ServiceWorkflowNames.STATE, ServiceState.class);
        if (state != null) {
          metrics.state(state);
        }
      } catch (WorkflowException e) {
        // not started yet, or Temporal unreachable: the next round tries again
        log.debug("no state of {} for the metrics this time: {}", service, e.getMessage());
      } catch (RuntimeException e) {
        // the timer must outlive one bad answer
        log.warn("reading the state of {} for the metrics failed", service, e);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
