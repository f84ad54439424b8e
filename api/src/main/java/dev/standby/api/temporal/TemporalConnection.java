package dev.standby.api.temporal;

import io.dropwizard.lifecycle.Managed;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The API's one gRPC connection to Temporal, closed when the server stops. */
public final class TemporalConnection implements Managed {
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final String target;
  private final WorkflowLinks links;
  private final Duration healthCheckTimeout;
  private final DataConverter dataConverter;
  private final List<PayloadCodec> codecs;

  TemporalConnection(
      WorkflowServiceStubs stubs,
      WorkflowClient client,
      String target,
      WorkflowLinks links,
      Duration healthCheckTimeout,
      DataConverter dataConverter,
      List<PayloadCodec> codecs) {
    this.dataConverter = dataConverter;
    this.codecs = List.copyOf(codecs);
    this.stubs = stubs;
    this.client = client;
    this.target = target;
    this.links = links;
    this.healthCheckTimeout = healthCheckTimeout;
  }

  public WorkflowClient client() {
    return client;
  }

  /** The converter every client of the API uses: payloads encrypted when configured. */
  public DataConverter dataConverter() {
    return dataConverter;
  }

  /** The payload codecs of {@link #dataConverter()}, in order; empty when payloads are clear. */
  public List<PayloadCodec> codecs() {
    return codecs;
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
