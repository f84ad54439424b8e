package dev.standby.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import dev.standby.model.monitor.ReplicationMonitorRequest;
import dev.standby.temporal.StandbyDataConverters;
import dev.standby.temporal.TemporalAccess;
import dev.standby.temporal.TemporalConnectionCheck;
import dev.standby.temporal.TemporalConnectionOptions;
import dev.standby.topology.Topology;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.registry.StandbyWorkflows;
import dev.standby.workflows.replication.ReplicationMonitorWorkflow;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;

/**
 * A running worker: the Temporal connection, the registered workflows and activities, and the
 * metrics endpoint.
 */
public final class StandbyWorker implements AutoCloseable {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(StandbyWorker.class);

  /** Where drill reports go unless the worker is told otherwise (--reports, STANDBY_REPORTS). */
  public static final String DEFAULT_REPORTS = "drill-reports";

  private final WorkflowServiceStubs service;
  private final WorkerFactory factory;
  private final MetricsServer metrics;
  private final Topology topology;

  private StandbyWorker(
      WorkflowServiceStubs service,
      WorkerFactory factory,
      MetricsServer metrics,
      Topology topology) {
    this.service = service;
    this.factory = factory;
    this.metrics = metrics;
    this.topology = topology;
  }

  public static StandbyWorker start(Topology topology, String metricsHost, int metricsPort) {
    return start(topology, metricsHost, metricsPort, System::getenv, Path.of(DEFAULT_REPORTS));
  }

  /**
   * @param environment where the notifier's settings (Slack token, channel, API URL) are read from
   */
  public static StandbyWorker start(
      Topology topology,
      String metricsHost,
      int metricsPort,
      java.util.function.Function<String, String> environment) {
    return start(topology, metricsHost, metricsPort, environment, Path.of(DEFAULT_REPORTS));
  }

  /**
   * @param reports the folder drill reports go to
   */
  public static StandbyWorker start(
      Topology topology, String metricsHost, int metricsPort, Path reports) {
    return start(topology, metricsHost, metricsPort, System::getenv, reports);
  }

  public static StandbyWorker start(
      Topology topology,
      String metricsHost,
      int metricsPort,
      java.util.function.Function<String, String> environment,
      Path reports) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Scope scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(Duration.ofSeconds(10));
    TemporalAccess access = topology.temporal().access();
    DataConverter converter = StandbyDataConverters.forAccess(access, environment);
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            TemporalConnectionOptions.builder(access, environment).setMetricsScope(scope).build());
    try {
      TemporalConnectionCheck.verifyAtStart(
          service, access, java.time.Duration.ofSeconds(10), log::warn);
    } catch (RuntimeException refused) {
      service.shutdownNow();
      throw refused;
    }
    WorkflowClient client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder()
                .setNamespace(topology.temporal().namespace())
                .setDataConverter(converter)
                .build());
    WorkerFactory factory = WorkerFactory.newInstance(client);
    StandbyActivities activities =
        StandbyActivities.fromTopology(
            topology,
            environment,
            new ObjectRpoGauge(registry)::report,
            new ReplicationGauges(registry),
            client,
            reports);
    activities.preflight(topology).forEach(line -> log.info("preflight {}", line));
    register(factory.newWorker(topology.temporal().taskQueue()), activities);
    factory.start();
    ScheduleClient schedules =
        ScheduleClient.newInstance(
            service,
            ScheduleClientOptions.newBuilder()
                .setNamespace(topology.temporal().namespace())
                .setDataConverter(converter)
                .build());
    ScheduledDrills.sync(schedules, topology).forEach(line -> log.info("drill schedule {}", line));
    ScheduledBackups.sync(schedules, topology).forEach(line -> log.info("schedule {}", line));
    MetricsServer metrics =
        metricsPort > 0 ? MetricsServer.start(registry, metricsHost, metricsPort) : null;
    return new StandbyWorker(service, factory, metrics, topology);
  }

  /**
   * Registers every workflow with the shared activity options, and the activities built from the
   * topology.
   */
  static void register(Worker worker, StandbyActivities activities) {
    worker.registerWorkflowImplementationTypes(
        StandbyActivityOptions.workflowImplementationOptions(), StandbyWorkflows.implementations());
    worker.registerActivitiesImplementations(activities.toArray());
  }

  /**
   * Starts {@code replication-monitor/<service>} for every service of the topology; one already
   * running is left as it is. Returns what was done, a line per service.
   */
  public java.util.List<String> startReplicationMonitors() {
    WorkflowClient client = factory.getWorkflowClient();
    java.util.List<String> lines = new java.util.ArrayList<>();
    topology
        .services()
        .forEach(
            (name, spec) -> {
              String id = WorkflowIds.replicationMonitor(name);
              ReplicationMonitorWorkflow monitor =
                  client.newWorkflowStub(
                      ReplicationMonitorWorkflow.class,
                      WorkflowOptions.newBuilder()
                          .setWorkflowId(id)
                          .setTaskQueue(topology.temporal().taskQueue())
                          .setWorkflowIdReusePolicy(
                              WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                          .setTypedSearchAttributes(
                              StandbySearchAttributes.of(
                                  name, "replication-monitor", spec.primarySite()))
                          .build());
              try {
                WorkflowClient.start(monitor::monitor, ReplicationMonitorRequest.of(name));
                lines.add(id + " started");
              } catch (WorkflowExecutionAlreadyStarted e) {
                lines.add(id + " already running");
              }
            });
    return lines;
  }

  public String metricsUrl() {
    return metrics == null ? "off" : metrics.url();
  }

  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    service.shutdown();
    if (metrics != null) {
      metrics.close();
    }
  }
}
