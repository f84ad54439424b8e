package dev.standby.api.errors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP errors (an unknown path, a wrong method or content type, an {@link ApiException}) as JSON.
 */
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {
  private static final Logger log = LoggerFactory.getLogger(HttpErrorMapper.class);

  @Override
  public Response toResponse(WebApplicationException exception) {
    Response response = exception.getResponse();
    if (response.hasEntity()) {
      return response;
    }
    if (response.getStatus() >= 500) {
      log.error("HTTP {}", response.getStatus(), exception);
    }
    String message =
        exception.getMessage() != null
            ? exception.getMessage()
            : response.getStatusInfo().getReasonPhrase();
    return ApiError.response(response.getStatusInfo(), message);
  }
}
