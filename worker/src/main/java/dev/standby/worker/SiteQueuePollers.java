package dev.standby.worker;

import dev.standby.activities.SiteQueues;
import dev.standby.topology.Topology;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tells the central worker's operator, at start, which sites' queues no worker polls yet. Their
 * host activities (a fence, an isolation, a resync) would wait there a minute and fail, so a
 * deployment that forgot its site workers, or a one-machine setup without {@code --serve-sites
 * all}, is named at start instead of in the middle of a failover.
 */
final class SiteQueuePollers {
  private SiteQueuePollers() {}

  static List<String> unpolled(
      WorkflowServiceStubs service, Topology topology, WorkerQueues queues) {
    List<String> lines = new ArrayList<>();
    for (String site : topology.sites().keySet()) {
      if (queues.sites().contains(site)) {
        continue;
      }
      String queue = SiteQueues.of(site);
      try {
        int pollers =
            service
                .blockingStub()
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .describeTaskQueue(
                    DescribeTaskQueueRequest.newBuilder()
                        .setNamespace(topology.temporal().namespace())
                        .setTaskQueue(TaskQueue.newBuilder().setName(queue).build())
                        .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)
                        .build())
                .getPollersCount();
        if (pollers == 0) {
          lines.add(
              "no worker polls "
                  + queue
                  + " yet: "
                  + site
                  + "'s host activities (fence, isolate, resync, faults) wait there; start"
                  + " `--site "
                  + site
                  + "` on its database's host, or give this worker `--serve-sites all` on one"
                  + " machine");
        }
      } catch (RuntimeException e) {
        lines.add("could not ask who polls " + queue + ": " + e.getMessage());
      }
    }
    return lines;
  }
}
