package dev.standby.api.temporal;

import dev.standby.api.errors.ApiError;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import jakarta.ws.rs.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a failed call to Temporal into an answer a client can act on, without a stack trace. */
final class TemporalErrors {
  private static final Logger log = LoggerFactory.getLogger(TemporalErrors.class);

  private TemporalErrors() {}

  static Response toResponse(Throwable error) {
    StatusRuntimeException grpc = grpcCause(error);
    if (grpc == null) {
      log.error("Temporal client error", error);
      return ApiError.response(
          Response.Status.BAD_GATEWAY, "Temporal call failed: " + error.getMessage());
    }
    Status status = grpc.getStatus();
    log.warn("Temporal call failed: {}", describe(status));
    log.debug("Temporal call failed", error);
    return switch (status.getCode()) {
      case NOT_FOUND ->
          ApiError.response(Response.Status.NOT_FOUND, "Temporal: " + describe(status));
      case ALREADY_EXISTS ->
          ApiError.response(Response.Status.CONFLICT, "Temporal: " + describe(status));
      // Down, overloaded or too slow: the same request may succeed later.
      case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, CANCELLED ->
          ApiError.response(
              Response.Status.SERVICE_UNAVAILABLE, "Temporal is unavailable: " + describe(status));
      // Requests are validated before they reach Temporal, so a refusal is the server's setup (a
      // search
      // attribute not registered, a missing namespace, credentials), not the caller's input.
      default ->
          ApiError.response(
              Response.Status.BAD_GATEWAY, "Temporal refused the call: " + describe(status));
    };
  }

  static String describe(Status status) {
    return status.getDescription() == null
        ? status.getCode().name()
        : status.getCode() + ": " + status.getDescription();
  }

  private static StatusRuntimeException grpcCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StatusRuntimeException grpc) {
        return grpc;
      }
    }
    return null;
  }
}
