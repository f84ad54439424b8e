package dev.standby.workflows.region;

import dev.standby.activities.NotifyActivities;
import dev.standby.activities.RegionActivities;
import dev.standby.model.failover.FailoverMode;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.region.RegionFailoverRequest;
import dev.standby.model.region.RegionTrigger;
import dev.standby.model.region.RegionTriggerRequest;
import dev.standby.model.region.RegionTriggerResult;
import dev.standby.model.region.RegionWorkflowNames;
import dev.standby.model.region.ServiceFailureReport;
import dev.standby.workflows.StandbySearchAttributes;
import dev.standby.workflows.failover.FailoverChildren;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

public class RegionTriggerWorkflowImpl implements RegionTriggerWorkflow {
  private static final Logger log = Workflow.getLogger(RegionTriggerWorkflowImpl.class);

  private final RegionActivities regions = Workflow.newActivityStub(RegionActivities.class);
  private final NotifyActivities notify = Workflow.newActivityStub(NotifyActivities.class);

  /** One report per service, the first: a monitor reports once per detection. */
  private final Map<String, ServiceFailureReport> reports = new LinkedHashMap<>();

  @Override
  public RegionTriggerResult collect(RegionTriggerRequest request) {
    String site = request.site();
    RegionTrigger trigger = request.trigger();
    Workflow.upsertTypedSearchAttributes(
        StandbySearchAttributes.KIND.valueSet("region-trigger"),
        StandbySearchAttributes.SITE.valueSet(site));
    Workflow.await(() -> !reports.isEmpty());
    Workflow.await(
        Duration.ofMillis(trigger.windowMillis()),
        () -> reports.size() >= trigger.failedServices());
    List<String> failed = List.copyOf(reports.keySet());
    if (failed.size() < trigger.failedServices()) {
      return eachAlone(site, failed);
    }
    String planId = RegionWorkflowNames.planId(site);
    Long last = regions.lastPlanStartedAtMillis(site);
    long now = Workflow.currentTimeMillis();
    if (last != null && now - last < trigger.minIntervalMillis()) {
      String why =
          failed.size()
              + " services of "
              + site
              + " failed ("
              + String.join(", ", failed)
              + "), but "
              + planId
              + " started "
              + (now - last) / 1000
              + " s ago, less than the trigger's minimum interval of "
              + trigger.minIntervalMillis() / 1000
              + " s: not started again by itself. Start it by hand if it is needed: standby"
              + " failover-region "
              + site;
      post(failed.get(0), why);
      return new RegionTriggerResult(site, "HELD", failed, planId, why);
    }
    long incident =
        reports.values().stream()
            .mapToLong(ServiceFailureReport::firstFailureAtMillis)
            .min()
            .orElse(now);
    RegionFailoverWorkflow plan =
        Workflow.newChildWorkflowStub(
            RegionFailoverWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(planId)
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .build());
    Async.function(
        plan::failover,
        new RegionFailoverRequest(
            site,
            FailoverMode.UNPLANNED,
            failed.size()
                + " services of "
                + site
                + " failed within "
                + trigger.windowMillis() / 1000
                + " s",
            "health-monitors",
            incident,
            null,
            null,
            failed));
    String decision = "PLAN_STARTED";
    try {
      Workflow.getWorkflowExecution(plan).get();
    } catch (ChildWorkflowFailure e) {
      decision = "PLAN_ALREADY_RUNNING";
    }
    // The plan moves every service of the site: detections that arrive now are covered by it, and
    // must not start a trigger of their own (and a failover each) once this one has closed.
    Workflow.sleep(Duration.ofMillis(trigger.windowMillis()));
    List<String> covered = List.copyOf(reports.keySet());
    return new RegionTriggerResult(
        site,
        decision,
        covered,
        planId,
        covered.size() + " services of " + site + " failed: " + planId + " moves them");
  }

  /** Fewer services failed than the trigger counts: each fails over on its own, at once. */
  private RegionTriggerResult eachAlone(String site, List<String> failed) {
    List<String> started = new ArrayList<>();
    for (String service : failed) {
      ServiceFailureReport report = reports.get(service);
      var failover =
          FailoverChildren.start(
              // The failover elects its target, as the service's own monitor's does.
              new FailoverRequest(
                  service,
                  null,
                  FailoverMode.UNPLANNED,
                  site,
                  report.summary(),
                  "health-monitor",
                  report.firstFailureAtMillis(),
                  null,
                  null));
      try {
        Workflow.getWorkflowExecution(failover.stub()).get();
        started.add(service);
      } catch (ChildWorkflowFailure e) {
        log.info("A failover of {} runs already: not starting a second one", service);
      }
    }
    return new RegionTriggerResult(
        site,
        "FAILOVERS_STARTED",
        failed,
        null,
        "only "
            + failed.size()
            + " service(s) of "
            + site
            + " failed within the window: each fails over on its own ("
            + String.join(", ", started)
            + ")");
  }

  private void post(String service, String text) {
    try {
      notify.post(service, text);
    } catch (ActivityFailure e) {
      log.warn("Could not post that the region trigger held: {}", e.getMessage());
    }
  }

  @Override
  public void serviceFailed(ServiceFailureReport report) {
    if (report != null && report.service() != null) {
      reports.putIfAbsent(report.service(), report);
    }
  }

  @Override
  public List<ServiceFailureReport> reports() {
    return List.copyOf(reports.values());
  }
}
