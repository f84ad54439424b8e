package dev.standby.api.temporal;

import io.dropwizard.lifecycle.Managed;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The API's one gRPC connection to Temporal, closed when the server stops. */
public final class TemporalConnection implements Managed {
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final String target;
  private final WorkflowLinks links;
  private final Duration healthCheckTimeout;

  TemporalConnection(
      WorkflowServiceStubs stubs,
      WorkflowClient client,
      String target,
      WorkflowLinks links,
      Duration healthCheckTimeout) {
    this.stubs = stubs;
    this.client = client;
    this.target = target;
    this.links = links;
    this.healthCheckTimeout = healthCheckTimeout;
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public String target() {
    return target;
  }

  public String namespace() {
    return links.namespace();
  }

  public WorkflowLinks links() {
    return links;
  }

  public Duration healthCheckTimeout() {
    return healthCheckTimeout;
  }

  @Override
  public void stop() throws InterruptedException {
    stubs.shutdown();
    if (!stubs.awaitTermination(5, TimeUnit.SECONDS)) {
      stubs.shutdownNow();
    }
  }
}
