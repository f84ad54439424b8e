package dev.standby.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import dev.standby.activities.impl.ServiceActivitiesImpl;
import dev.standby.model.monitor.ReplicationMonitorRequest;
import dev.standby.model.service.ServiceState;
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
import dev.standby.workflows.service.ServiceWorkflow;
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
import java.util.ArrayList;
import java.util.List;

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

  /** Serves every queue, the central one and every site's: one process on one machine. */
  public static StandbyWorker start(
      Topology topology,
      String metricsHost,
      int metricsPort,
      java.util.function.Function<String, String> environment,
      Path reports) {
    return start(
        topology,
        metricsHost,
        metricsPort,
        environment,
        reports,
        WorkerQueues.everything(topology));
  }

  /**
   * @param queues the central queue (workflows and the activities that reach things over the
   *     network) and/or the site queues whose host activities this worker runs
   */
  public static StandbyWorker start(
      Topology topology,
      String metricsHost,
      int metricsPort,
      java.util.function.Function<String, String> environment,
      Path reports,
      WorkerQueues queues) {
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
                .setIdentity(identity(queues))
                .build());
    WorkerFactory factory = WorkerFactory.newInstance(client);
    StandbyMetrics standbyMetrics = new StandbyMetrics(registry).forTopology(topology);
    StandbyActivities.SiteHostCapabilities siteHost;
    if (queues.central()) {
      StandbyActivities activities =
          StandbyActivities.fromTopology(topology, environment, standbyMetrics, client, reports);
      activities.preflight(topology).forEach(line -> log.info("preflight {}", line));
      register(factory.newWorker(topology.temporal().taskQueue()), activities);
      siteHost = activities.siteHost();
    } else {
      siteHost = StandbyActivities.siteHostOnly(topology);
    }
    for (String queue : queues.siteQueues()) {
      factory.newWorker(queue).registerActivitiesImplementations(siteHost.toArray());
    }
    factory.start();
    if (!queues.central()) {
      // A site worker only runs its host's activities: the services, schedules and the metrics of
      // the services' states are the central worker's.
      MetricsServer metrics =
          metricsPort > 0 ? MetricsServer.start(registry, metricsHost, metricsPort) : null;
      return new StandbyWorker(service, factory, metrics, topology);
    }
    SiteQueuePollers.unpolled(service, topology, queues).forEach(line -> log.warn("{}", line));
    startServices(client, topology).forEach(line -> log.info("service {}", line));
    ReadinessLoops.start(client, topology).forEach(line -> log.info("readiness {}", line));
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
        metricsPort > 0
            ? MetricsServer.start(registry, metricsHost, metricsPort)
                .fedBy(
                    new ServiceStatePoller(
                            client,
                            java.util.List.copyOf(topology.services().keySet()),
                            standbyMetrics.operations())
                        .every(java.time.Duration.ofSeconds(15)))
                // Readiness is evaluated every few minutes (monitor.readiness) and its alert waits
                // 10 m: a 30 s read is fresh enough, and asking hundreds of services every 5 s was
                // a steady load on the worker and Temporal (bench/region-outage.sh).
                .fedBy(
                    new ReadinessPoller(
                            client, java.util.List.copyOf(topology.services().keySet()), registry)
                        .every(java.time.Duration.ofSeconds(30)))
            : null;
    return new StandbyWorker(service, factory, metrics, topology);
  }

  /**
   * Who took an activity or a workflow task, as the history shows it: the process, its host and the
   * queues it serves ({@code 4242@db-a site-a}).
   */
  static String identity(WorkerQueues queues) {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getName()
        + " "
        + queues.describe();
  }

  /**
   * Registers every workflow with the shared activity options, and the central queue's activities
   * built from the topology.
   */
  static void register(Worker worker, StandbyActivities activities) {
    worker.registerWorkflowImplementationTypes(
        StandbyActivityOptions.workflowImplementationOptions(), StandbyWorkflows.implementations());
    worker.registerActivitiesImplementations(activities.toArray());
  }

  /**
   * Starts {@code service/<name>} for every service of the topology, so each service's state is
   * read from the world (and a second writable primary fenced) from the moment a worker runs. One
   * already running keeps its state: Temporal's state wins over the file's {@code primarySite}, and
   * the difference is logged.
   */
  static List<String> startServices(WorkflowClient client, Topology topology) {
    List<String> lines = new ArrayList<>();
    topology
        .services()
        .forEach(
            (name, spec) -> {
              String id = WorkflowIds.service(name);
              ServiceWorkflow service =
                  client.newWorkflowStub(
                      ServiceWorkflow.class,
                      WorkflowOptions.newBuilder()
                          .setWorkflowId(id)
                          .setTaskQueue(topology.temporal().taskQueue())
                          .setWorkflowIdReusePolicy(
                              WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                          .setTypedSearchAttributes(
                              StandbySearchAttributes.of(name, "service", null))
                          .build());
              try {
                WorkflowClient.start(
                    service::run, ServiceActivitiesImpl.startRequest(topology, name));
                lines.add(id + " started, primary " + spec.primarySite() + " (from the topology)");
              } catch (WorkflowExecutionAlreadyStarted e) {
                lines.add(
                    id + " already running: " + stateVersusFile(client, id, spec.primarySite()));
              }
            });
    return lines;
  }

  private static String stateVersusFile(WorkflowClient client, String id, String filePrimary) {
    try {
      ServiceState state = client.newWorkflowStub(ServiceWorkflow.class, id).state();
      if (state == null || filePrimary.equals(state.primarySite())) {
        return "primary " + filePrimary;
      }
      return "primary "
          + state.primarySite()
          + " (the topology says "
          + filePrimary
          + "; Temporal's state wins: it has followed failovers the file does not know of)";
    } catch (RuntimeException e) {
      return "state not readable yet (" + e.getMessage() + ")";
    }
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
