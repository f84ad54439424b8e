package dev.standby.workflows.region;

import dev.standby.model.region.RegionTriggerRequest;
import dev.standby.model.region.RegionTriggerResult;
import dev.standby.model.region.ServiceFailureReport;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * Collects the detections of one site's health monitors for the trigger's window after the first,
 * then starts the site's region plan once when enough services failed, or each reported service's
 * own failover when fewer did. Workflow id: {@code region-trigger/<site>}, started by the first
 * detection's signal.
 */
@WorkflowInterface
public interface RegionTriggerWorkflow {

  @WorkflowMethod(name = "RegionTrigger")
  RegionTriggerResult collect(RegionTriggerRequest request);

  @SignalMethod(name = "serviceFailed")
  void serviceFailed(ServiceFailureReport report);

  @QueryMethod
  List<ServiceFailureReport> reports();
}
