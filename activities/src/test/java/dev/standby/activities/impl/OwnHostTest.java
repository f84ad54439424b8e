package dev.standby.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.standby.activities.SiteQueues;
import dev.standby.adapters.DatabaseAdapter;
import dev.standby.model.database.IsolationResult;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host activity taken from another site's queue refuses to act: on site-b's host, isolating
 * site-a would find no server and call a live primary dead.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OwnHostTest {
  /** Schedules DatabaseIsolate of {@code site} on {@code queue}, as a mis-routed workflow would. */
  @WorkflowInterface
  public interface IsolateOn {
    @WorkflowMethod
    String isolate(String queue, String site);
  }

  public static class IsolateOnImpl implements IsolateOn {
    @Override
    public String isolate(String queue, String site) {
      return Workflow.newUntypedActivityStub(
              ActivityOptions.newBuilder()
                  .setTaskQueue(queue)
                  .setStartToCloseTimeout(Duration.ofSeconds(10))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build())
          .execute("DatabaseIsolate", IsolationResult.class, "payments", site, "site-c")
          .how();
    }
  }

  private final List<String> isolated = new CopyOnWriteArrayList<>();
  private TestWorkflowEnvironment env;

  @BeforeEach
  void siteWorkersOfAAndB(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("topology.yaml");
    Files.writeString(
        file,
        """
        sites:
          site-a: {provider: lab}
          site-b: {provider: lab}
          site-c: {provider: lab}
        services:
          payments:
            primarySite: site-c
            objectives: {rto: 30s, rpo: 5s}
            traffic: {provider: haproxy, admin: "127.0.0.1:18099", group: be_payments, frontDoor: "http://127.0.0.1:18080"}
            sites:
              site-a: {app: "http://127.0.0.1:18081", database: {url: "jdbc:postgresql://127.0.0.1:15432/orders"}}
              site-b: {app: "http://127.0.0.1:18082", database: {url: "jdbc:postgresql://127.0.0.1:15433/orders"}}
              site-c: {app: "http://127.0.0.1:18083", database: {url: "jdbc:postgresql://127.0.0.1:15434/orders"}}
        """);
    Topology topology = TopologyLoader.load(file);
    DatabaseAdapter recording =
        (DatabaseAdapter)
            Proxy.newProxyInstance(
                DatabaseAdapter.class.getClassLoader(),
                new Class<?>[] {DatabaseAdapter.class},
                (proxy, method, args) -> {
                  if (!method.getName().equals("isolate")) {
                    throw new UnsupportedOperationException(method.getName());
                  }
                  isolated.add((String) args[0]);
                  return new IsolationResult((String) args[0], 1, true, "killed 1 process");
                });
    env = TestWorkflowEnvironment.newInstance();
    for (String site : List.of("site-a", "site-b")) {
      env.newWorker(SiteQueues.of(site))
          .registerActivitiesImplementations(
              new DatabaseHostActivitiesImpl(topology, Map.of("postgresql", recording)));
    }
    env.newWorker("central").registerWorkflowImplementationTypes(IsolateOnImpl.class);
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void onItsOwnSitesQueueTheIsolationRuns() {
    assertThat(run(SiteQueues.of("site-a"), "site-a")).isEqualTo("killed 1 process");
    assertThat(isolated).containsExactly("site-a");
  }

  @Test
  void onAnotherSitesQueueItRefusesAndTouchesNothing() {
    assertThatThrownBy(() -> run(SiteQueues.of("site-b"), "site-a"))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining(
            "isolating the database of site-a was scheduled on standby-site-b, the queue of"
                + " site-b's host: it must run on standby-site-a");
    assertThat(isolated).isEmpty();
  }

  private String run(String queue, String site) {
    return env.getWorkflowClient()
        .newWorkflowStub(
            IsolateOn.class, WorkflowOptions.newBuilder().setTaskQueue("central").build())
        .isolate(queue, site);
  }
}
