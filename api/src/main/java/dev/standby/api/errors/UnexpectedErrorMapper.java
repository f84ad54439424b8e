package dev.standby.api.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anything no other mapper claims. The client gets an id to quote, never a stack trace; the log
 * gets the stack trace under that id.
 */
public class UnexpectedErrorMapper implements ExceptionMapper<Throwable> {
  private static final Logger log = LoggerFactory.getLogger(UnexpectedErrorMapper.class);

  @Override
  public Response toResponse(Throwable exception) {
    if (exception instanceof EofException) {
      // The client hung up mid-request: nothing to answer, nothing wrong here.
      log.debug("Client closed the connection", exception);
      return ApiError.response(Response.Status.BAD_REQUEST, "request body ended early");
    }
    String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
    log.error("Unexpected error {}", id, exception);
    return ApiError.response(
        Response.Status.INTERNAL_SERVER_ERROR, "internal error " + id + ", see the API's log");
  }
}
