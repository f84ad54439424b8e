package dev.standby.api.errors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * A request this API refuses, with the JSON body to answer. Thrown from deep inside a call so
 * resources stay a straight line; Jersey answers the body as is.
 */
public class ApiException extends WebApplicationException {

  public ApiException(Response.Status status, String message) {
    this(status, message, new ApiError(message));
  }

  /**
   * @param body an {@link ApiError} or a record with an {@code error} field and more detail
   */
  public ApiException(Response.Status status, String message, Object body) {
    super(
        message,
        Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build());
  }

  /**
   * For a status the Status enum lacks, e.g. 422 for a well-formed request naming something that
   * does not exist.
   */
  public ApiException(int status, String message) {
    super(
        message,
        Response.status(status)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(new ApiError(message))
            .build());
  }

  public static ApiException notFound(String message) {
    return new ApiException(Response.Status.NOT_FOUND, message);
  }

  public static ApiException conflict(String message, Object body) {
    return new ApiException(Response.Status.CONFLICT, message, body);
  }
}
