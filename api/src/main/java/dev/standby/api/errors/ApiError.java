package dev.standby.api.errors;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The body of every error this API returns: one message that names the problem. */
public record ApiError(String error) {

  public static Response response(Response.StatusType status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(message))
        .build();
  }

  public static Response response(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ApiError(message))
        .build();
  }
}
