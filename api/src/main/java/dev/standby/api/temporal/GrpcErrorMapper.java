package dev.standby.api.temporal;

import io.grpc.StatusRuntimeException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Errors of raw gRPC calls to Temporal, which the SDK does not wrap. */
public class GrpcErrorMapper implements ExceptionMapper<StatusRuntimeException> {
  @Override
  public Response toResponse(StatusRuntimeException exception) {
    return TemporalErrors.toResponse(exception);
  }
}
