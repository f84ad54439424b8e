package dev.standby.api.temporal;

import com.codahale.metrics.health.HealthCheck;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import java.util.concurrent.TimeUnit;

/**
 * Healthy when Temporal answers and knows the configured namespace: what every request of this API
 * needs. A raw stub call with a deadline, so a Temporal that is down makes the check fail fast
 * instead of retrying.
 */
public class TemporalHealthCheck extends HealthCheck {
  private final TemporalConnection temporal;

  public TemporalHealthCheck(TemporalConnection temporal) {
    this.temporal = temporal;
  }

  @Override
  protected Result check() {
    try {
      DescribeNamespaceResponse response =
          temporal
              .stubs()
              .blockingStub()
              .withDeadlineAfter(temporal.healthCheckTimeout().toMillis(), TimeUnit.MILLISECONDS)
              .describeNamespace(
                  DescribeNamespaceRequest.newBuilder().setNamespace(temporal.namespace()).build());
      return Result.healthy(
          "namespace %s at %s is %s",
          temporal.namespace(),
          temporal.target(),
          response.getNamespaceInfo().getState().name().replace("NAMESPACE_STATE_", ""));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Result.unhealthy(
            "Temporal at %s has no namespace %s", temporal.target(), temporal.namespace());
      }
      // The message, not the exception: the admin page would otherwise show a stack trace.
      return Result.unhealthy(
          "Temporal at %s: %s", temporal.target(), TemporalErrors.describe(e.getStatus()));
    }
  }
}
