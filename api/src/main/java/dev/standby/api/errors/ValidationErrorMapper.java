package dev.standby.api.errors;

import io.dropwizard.jersey.validation.ConstraintMessage;
import io.dropwizard.jersey.validation.JerseyViolationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.stream.Collectors;

/**
 * Bean-validation failures, every violation in one message naming its field ({@code service is
 * required}). Dropwizard's status rules: 422 for a parsed body that breaks a rule, 400 for a bad
 * path or query parameter.
 */
public class ValidationErrorMapper implements ExceptionMapper<JerseyViolationException> {
  @Override
  public Response toResponse(JerseyViolationException exception) {
    String message =
        exception.getConstraintViolations().stream()
            .map(violation -> ConstraintMessage.getMessage(violation, exception.getInvocable()))
            .sorted()
            .collect(Collectors.joining("; "));
    int status =
        ConstraintMessage.determineStatus(
            exception.getConstraintViolations(), exception.getInvocable());
    return ApiError.response(status, message);
  }
}
