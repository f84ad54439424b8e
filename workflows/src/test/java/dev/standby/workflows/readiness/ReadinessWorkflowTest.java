package dev.standby.workflows.readiness;

import static dev.standby.workflows.TestFixtures.SERVICE;
import static dev.standby.workflows.TestFixtures.healthy;
import static dev.standby.workflows.TestFixtures.mockActivity;
import static dev.standby.workflows.TestFixtures.primary;
import static dev.standby.workflows.TestFixtures.replica;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.standby.activities.NotifyActivities;
import dev.standby.activities.ReadinessActivities;
import dev.standby.activities.ServiceActivities;
import dev.standby.activities.TopologyActivities;
import dev.standby.model.database.SiteObservation;
import dev.standby.model.readiness.Readiness;
import dev.standby.model.readiness.ReadinessFacts;
import dev.standby.model.readiness.ReadinessStatus;
import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.TestFixtures;
import dev.standby.workflows.WorkflowIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The readiness loop: evaluates on its timer, keeps the last evaluation for queries, and posts to
 * the service's channel once when the plan turns failing (and once when it recovers), not on every
 * evaluation that finds it still failing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadinessWorkflowTest {
  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestFixtures.extension()
          .registerWorkflowImplementationTypes(
              StandbyActivityOptions.workflowImplementationOptions(), ReadinessWorkflowImpl.class)
          .build();

  private final TopologyActivities topology = mockActivity(TopologyActivities.class);
  private final ServiceActivities services = mockActivity(ServiceActivities.class);
  private final ReadinessActivities reads = mockActivity(ReadinessActivities.class);
  private final NotifyActivities notify = mockActivity(NotifyActivities.class);

  /** The replica's lag the next reading sees. */
  private final AtomicLong lag = new AtomicLong();

  private ReadinessFacts facts() {
    return new ReadinessFacts(
        System.currentTimeMillis(),
        List.of(healthy("site-a"), healthy("site-b")),
        List.of(
            new SiteObservation(primary("site-a"), null, false, true),
            new SiteObservation(replica("site-b", lag.get()), "site-a", true, true)),
        List.of(),
        List.of(),
        null,
        null,
        1,
        null,
        3_000,
        null);
  }

  @Test
  void turningFailingPostsOnceAndRecoveringOnce(TestWorkflowEnvironment env, Worker worker) {
    when(topology.describeService(SERVICE)).thenReturn(TestFixtures.spec());
    when(services.current(SERVICE)).thenReturn(TestFixtures.serviceState("site-a"));
    when(reads.gather(SERVICE)).thenAnswer(i -> facts());
    worker.registerActivitiesImplementations(topology, services, reads, notify);
    env.start();
    ReadinessWorkflow readiness =
        env.getWorkflowClient()
            .newWorkflowStub(
                ReadinessWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(WorkflowIds.readiness(SERVICE))
                    .setTaskQueue(worker.getTaskQueue())
                    .build());
    WorkflowClient.start(readiness::run, SERVICE, 1_000L, null);

    env.sleep(Duration.ofMillis(2_500));
    Readiness before = readiness.readiness();
    assertThat(before.status()).isNotEqualTo(ReadinessStatus.FAILING);

    lag.set(12_000); // past the 5 s RPO: five evaluations find it failing
    env.sleep(Duration.ofSeconds(5));
    Readiness failing = readiness.readiness();
    assertThat(failing.status()).isEqualTo(ReadinessStatus.FAILING);
    assertThat(failing.summary()).contains("site-b replica lag 12000 ms behind site-a");
    assertThat(failing.evaluations()).isGreaterThan(before.evaluations() + 3);

    lag.set(0);
    env.sleep(Duration.ofSeconds(3));
    assertThat(readiness.readiness().status()).isNotEqualTo(ReadinessStatus.FAILING);

    verify(notify, times(1)).post(eq(SERVICE), contains("readiness FAILING"));
    verify(notify, times(2)).post(eq(SERVICE), anyString());
  }
}
