package dev.standby.api.temporal;

import io.temporal.failure.TemporalException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Errors of the Temporal client that a resource did not handle itself. */
public class TemporalErrorMapper implements ExceptionMapper<TemporalException> {
  @Override
  public Response toResponse(TemporalException exception) {
    return TemporalErrors.toResponse(exception);
  }
}
