package dev.standby.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.standby.model.service.ServiceState;
import dev.standby.model.service.ServiceWorkflowNames;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The poller reads {@code service/<name>}'s state query through Temporal: a service that loses its
 * protection between runs shows it on {@code /metrics} without any run starting.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceStatePollerTest {
  /** Stands in for the service workflow: answers the same query name with a state it is given. */
  @WorkflowInterface
  public interface StateHolder {
    @WorkflowMethod(name = ServiceWorkflowNames.WORKFLOW_TYPE)
    void hold(ServiceState state);

    @SignalMethod
    void become(ServiceState state);

    @QueryMethod(name = ServiceWorkflowNames.STATE)
    ServiceState state();
  }

  public static class StateHolderImpl implements StateHolder {
    private ServiceState state;

    @Override
    public void hold(ServiceState initial) {
      state = initial;
      Workflow.await(() -> false);
    }

    @Override
    public void become(ServiceState next) {
      state = next;
    }

    @Override
    public ServiceState state() {
      return state;
    }
  }

  private TestWorkflowEnvironment temporal;
  private PrometheusMeterRegistry registry;
  private ServiceStatePoller poller;

  @BeforeEach
  void start() {
    temporal = TestWorkflowEnvironment.newInstance();
    Worker worker = temporal.newWorker("standby");
    worker.registerWorkflowImplementationTypes(StateHolderImpl.class);
    temporal.start();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  @AfterEach
  void stop() {
    if (poller != null) {
      poller.close();
    }
    temporal.close();
  }

  @Test
  void aServiceThatLosesItsReplicaBetweenRunsShowsUnprotected() {
    WorkflowClient client = temporal.getWorkflowClient();
    StateHolder payments =
        client.newWorkflowStub(
            StateHolder.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ServiceWorkflowNames.workflowId("payments"))
                .setTaskQueue("standby")
                .build());
    ServiceState initial =
        ServiceState.initial("payments", "site-a", List.of("site-a", "site-b"))
            .withProtection(true, "site-b streams");
    WorkflowClient.start(payments::hold, initial);
    StandbyMetrics metrics = new StandbyMetrics(registry);
    // "orders" has no service workflow: the poller skips it and goes on
    poller =
        new ServiceStatePoller(client, List.of("orders", "payments"), metrics.operations())
            .every(Duration.ofMillis(100));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                registry.scrape().contains("standby_service_protected{service=\"payments\"} 1.0"));

    payments.become(
        initial.withProtection(false, "site-b stopped streaming").withPrimary("site-b"));

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(registry.scrape())
                    .contains("standby_service_protected{service=\"payments\"} 0.0")
                    .contains(
                        "standby_service_primary_info{service=\"payments\",site=\"site-b\"} 1")
                    .doesNotContain("site=\"site-a\"")
                    .doesNotContain("service=\"orders\""));
  }
}
