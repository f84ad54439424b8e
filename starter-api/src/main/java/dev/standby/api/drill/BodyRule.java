package dev.standby.api.drill;

import dev.standby.api.errors.ApiError;
import jakarta.ws.rs.WebApplicationException;

/** A parsed body that breaks a rule between its fields: 422, as Dropwizard answers a broken field rule. */
final class BodyRule {
  private BodyRule() {}

  static WebApplicationException broken(String message) {
    return new WebApplicationException(message, ApiError.response(422, message));
  }
}
