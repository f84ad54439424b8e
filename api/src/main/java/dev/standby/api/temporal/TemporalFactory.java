package dev.standby.api.temporal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.standby.workflows.WorkflowIds;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.serviceclient.rpcretry.DefaultStubServiceOperationRpcRetryOptions;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The {@code temporal} block of the configuration, and the connection it builds. */
public class TemporalFactory {

  @NotEmpty
  @Pattern(regexp = "[^\\s:/]+:\\d{1,5}", message = "must be host:port")
  @JsonProperty
  private String target = "127.0.0.1:7233";

  @NotEmpty @JsonProperty private String namespace = "default";

  /** Must be the queue the worker polls, or started workflows wait forever for a worker. */
  @NotEmpty @JsonProperty private String taskQueue = WorkflowIds.TASK_QUEUE;

  @NotEmpty
  @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
  @JsonProperty
  private String uiUrl = "http://127.0.0.1:8233";

  /**
   * A query of a closed run is answered by a worker replaying its history: with no worker up it
   * would hang until the SDK's default (10 s) instead of answering without the progress.
   */
  @NotNull @JsonProperty private Duration queryTimeout = Duration.seconds(5);

  /**
   * How long a call waits for an unreachable or overloaded Temporal, retrying, before the API
   * answers 503. The SDK's defaults (5 s for the first call's capabilities lookup, then a minute of
   * retries) are too long for an operator waiting on a failover button.
   */
  @NotNull @JsonProperty private Duration unavailableTimeout = Duration.seconds(10);

  @NotNull @JsonProperty private Duration healthCheckTimeout = Duration.seconds(3);

  public String getTarget() {
    return target;
  }

  public String getNamespace() {
    return namespace;
  }

  public String getTaskQueue() {
    return taskQueue;
  }

  public String getUiUrl() {
    return uiUrl;
  }

  public Duration getQueryTimeout() {
    return queryTimeout;
  }

  public Duration getUnavailableTimeout() {
    return unavailableTimeout;
  }

  public Duration getHealthCheckTimeout() {
    return healthCheckTimeout;
  }

  /**
   * Builds the client and hands it to the lifecycle, which closes it on stop. The stubs connect
   * lazily, so the API starts (and its health check says why it is unhealthy) while Temporal is
   * still coming up.
   */
  public TemporalConnection build(Environment environment) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(target)
                .setRpcQueryTimeout(queryTimeout.toJavaDuration())
                .setSystemInfoTimeout(unavailableTimeout.toJavaDuration())
                .setRpcRetryOptions(
                    RpcRetryOptions.newBuilder(DefaultStubServiceOperationRpcRetryOptions.INSTANCE)
                        .setExpiration(unavailableTimeout.toJavaDuration())
                        .build())
                .build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace(namespace)
                .setIdentity("standby-api")
                .build());
    TemporalConnection connection =
        new TemporalConnection(
            stubs,
            client,
            target,
            new WorkflowLinks(uiUrl, namespace),
            healthCheckTimeout.toJavaDuration());
    environment.lifecycle().manage(connection);
    return connection;
  }
}
