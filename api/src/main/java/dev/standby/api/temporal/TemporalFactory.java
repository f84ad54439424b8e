package dev.standby.api.temporal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.standby.temporal.StandbyDataConverters;
import dev.standby.temporal.TemporalAccess;
import dev.standby.temporal.TemporalConnectionCheck;
import dev.standby.temporal.TemporalConnectionOptions;
import dev.standby.workflows.WorkflowIds;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.rpcretry.DefaultStubServiceOperationRpcRetryOptions;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/** The {@code temporal} block of the configuration, and the connection it builds. */
public class TemporalFactory {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(TemporalFactory.class);

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

  /** TLS or mTLS to Temporal; plaintext when left out. */
  @JsonProperty private TemporalSecurityConfig.Tls tls;

  /** Temporal Cloud's API key, from a file or an environment variable. */
  @JsonProperty private String apiKeyFile;

  @JsonProperty private String apiKeyEnv;

  /** Payload encryption keys; must match the worker's, or neither can read the other's payloads. */
  @JsonProperty private TemporalSecurityConfig.Encryption encryption;

  /** Origins allowed to call /codec (the Temporal UI's); the origin of uiUrl when empty. */
  @NotNull @JsonProperty private java.util.List<String> codecOrigins = java.util.List.of();

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

  /** How to reach Temporal, read and checked (files exist, one source per secret). */
  public TemporalAccess access() {
    return new TemporalAccess(
        target,
        namespace,
        tls == null ? null : tls.build(),
        TemporalSecurityConfig.secret("temporal", "apiKeyFile", apiKeyFile, "apiKeyEnv", apiKeyEnv),
        encryption == null ? null : encryption.build());
  }

  public java.util.List<String> getCodecOrigins() {
    if (!codecOrigins.isEmpty()) {
      return codecOrigins;
    }
    java.net.URI ui = java.net.URI.create(uiUrl);
    return java.util.List.of(
        ui.getScheme() + "://" + ui.getHost() + (ui.getPort() < 0 ? "" : ":" + ui.getPort()));
  }

  /**
   * Builds the client and hands it to the lifecycle, which closes it on stop. The stubs connect
   * lazily, so the API starts (and its health check says why it is unhealthy) while Temporal is
   * still coming up.
   */
  public TemporalConnection build(Environment environment) {
    return build(environment, System::getenv);
  }

  public TemporalConnection build(
      Environment environment, java.util.function.Function<String, String> variables) {
    TemporalAccess access = access();
    List<PayloadCodec> codecs = StandbyDataConverters.codecs(access, variables);
    DataConverter converter = StandbyDataConverters.of(codecs);
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            TemporalConnectionOptions.builder(access, variables)
                .setRpcQueryTimeout(queryTimeout.toJavaDuration())
                .setSystemInfoTimeout(unavailableTimeout.toJavaDuration())
                .setRpcRetryOptions(
                    RpcRetryOptions.newBuilder(DefaultStubServiceOperationRpcRetryOptions.INSTANCE)
                        .setExpiration(unavailableTimeout.toJavaDuration())
                        .build())
                .build());
    try {
      TemporalConnectionCheck.verifyAtStart(
          stubs, access, healthCheckTimeout.toJavaDuration(), log::warn);
    } catch (RuntimeException refused) {
      stubs.shutdownNow();
      throw refused;
    }
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace(namespace)
                .setIdentity("standby-api")
                .setDataConverter(converter)
                .build());
    TemporalConnection connection =
        new TemporalConnection(
            stubs,
            client,
            target,
            new WorkflowLinks(uiUrl, namespace),
            healthCheckTimeout.toJavaDuration(),
            converter,
            codecs);
    environment.lifecycle().manage(connection);
    return connection;
  }
}
