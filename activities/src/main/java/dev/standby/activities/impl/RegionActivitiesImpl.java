package dev.standby.activities.impl;

import dev.standby.activities.RegionActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.region.RegionPlan;
import dev.standby.model.region.RegionPlanSpec;
import dev.standby.model.region.RegionServiceOutcome;
import dev.standby.model.region.RegionTriggerRequest;
import dev.standby.model.region.RegionWorkflowNames;
import dev.standby.model.region.ServiceFailureReport;
import dev.standby.topology.Topology;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Region plans, resolved from the topology and the services' states through the client. */
public class RegionActivitiesImpl implements RegionActivities {
  private static final Logger log = LoggerFactory.getLogger(RegionActivitiesImpl.class);

  /** Service states read at once by {@link #plan}: enough to hide each query's round trip. */
  static final int PARALLEL_READS = 16;

  private static final ThreadFactory READER_THREADS =
      runnable -> {
        Thread thread = new Thread(runnable, "region-plan-state-read");
        thread.setDaemon(true);
        return thread;
      };

  private final WorkflowClient client;
  private final Topology topology;
  private final ServiceActivities services;

  public RegionActivitiesImpl(
      WorkflowClient client, Topology topology, ServiceActivities services) {
    this.client = client;
    this.topology = topology;
    this.services = services;
  }

  @Override
  public RegionPlan plan(String site) {
    known(site);
    List<String> named = new ArrayList<>();
    for (var service : topology.services().values()) {
      if (service.sites().containsKey(site)) {
        named.add(service.name());
      }
    }
    // The services' states, not the topology's primarySite: a service that failed over last week
    // has its primary elsewhere and must not be moved again.
    List<String> primaries = primaries(named);
    List<String> moving = new ArrayList<>();
    List<RegionServiceOutcome> skipped = new ArrayList<>();
    for (int i = 0; i < named.size(); i++) {
      String primary = primaries.get(i);
      if (site.equals(primary)) {
        moving.add(named.get(i));
      } else {
        skipped.add(
            RegionServiceOutcome.skipped(
                named.get(i), "its primary is " + primary + ", not " + site));
      }
    }
    RegionPlanSpec spec = topology.regions().plan(site);
    return new RegionPlan(
        site,
        topology.regions().groups(site, moving),
        skipped,
        spec.maxParallel(),
        spec.onServiceFailure(),
        spec.groupTimeoutMillis());
  }

  /**
   * Each service's primary, in the order given, read from the services' states at once: one state
   * is one query of a running workflow, and read one after the other the states of a few hundred
   * services outlast the activity's timeout on a busy worker (bench/region-outage.sh: 50 states
   * took 20 s), while the site is down and every second counts.
   */
  private List<String> primaries(List<String> names) {
    if (names.isEmpty()) {
      return List.of();
    }
    ExecutorService readers =
        Executors.newFixedThreadPool(Math.min(PARALLEL_READS, names.size()), READER_THREADS);
    try {
      List<Future<String>> reads = new ArrayList<>();
      for (String name : names) {
        reads.add(readers.submit(() -> services.current(name).primarySite()));
      }
      List<String> primaries = new ArrayList<>();
      for (Future<String> read : reads) {
        primaries.add(read.get());
      }
      return primaries;
    } catch (ExecutionException e) {
      // The first failed read fails the activity as the read itself would have.
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Failures.retryable(
          Failures.TIMED_OUT, "interrupted while reading the services' states", e);
    } finally {
      readers.shutdownNow();
    }
  }

  @Override
  public boolean reportFailure(ServiceFailureReport report) {
    if (report.site() == null || !topology.sites().containsKey(report.site())) {
      return false;
    }
    var trigger = topology.regions().plan(report.site()).trigger();
    if (trigger == null) {
      return false;
    }
    client
        .newUntypedWorkflowStub(
            RegionWorkflowNames.TRIGGER_TYPE,
            WorkflowOptions.newBuilder()
                .setWorkflowId(RegionWorkflowNames.triggerId(report.site()))
                .setTaskQueue(topology.temporal().taskQueue())
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder()
                        .set(SearchAttributeKey.forKeyword("StandbyKind"), "region-trigger")
                        .set(SearchAttributeKey.forKeyword("StandbySite"), report.site())
                        .build())
                .build())
        .signalWithStart(
            RegionWorkflowNames.SERVICE_FAILED,
            new Object[] {report},
            new Object[] {new RegionTriggerRequest(report.site(), trigger)});
    log.info(
        "{} failed at {}: handed to {}",
        report.service(),
        report.site(),
        RegionWorkflowNames.triggerId(report.site()));
    return true;
  }

  @Override
  public Long lastPlanStartedAtMillis(String site) {
    try {
      var described =
          client
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(
                          WorkflowExecution.newBuilder()
                              .setWorkflowId(RegionWorkflowNames.planId(site)))
                      .build());
      var start = described.getWorkflowExecutionInfo().getStartTime();
      return start.getSeconds() * 1000 + start.getNanos() / 1_000_000;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return null;
      }
      throw e;
    }
  }

  private void known(String site) {
    if (site == null || !topology.sites().containsKey(site)) {
      throw Failures.nonRetryable(
          FailureType.UNKNOWN_SITE,
          "no site '"
              + site
              + "' in the topology (sites: "
              + String.join(", ", topology.sites().keySet())
              + ")");
    }
  }
}
