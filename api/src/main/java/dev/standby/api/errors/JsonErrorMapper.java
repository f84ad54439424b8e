package dev.standby.api.errors;

import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request body that is not the JSON expected: 400 with the offending field named. An error
 * writing a response is this API's bug: 500, logged.
 */
public class JsonErrorMapper implements ExceptionMapper<JsonProcessingException> {
  private static final Logger log = LoggerFactory.getLogger(JsonErrorMapper.class);

  @Override
  public Response toResponse(JsonProcessingException exception) {
    if (exception instanceof JsonGenerationException
        || exception instanceof InvalidDefinitionException) {
      log.error("Cannot write or read JSON", exception);
      return ApiError.response(
          Response.Status.INTERNAL_SERVER_ERROR, "internal error writing the response");
    }
    return ApiError.response(Response.Status.BAD_REQUEST, describe(exception));
  }

  static String describe(JsonProcessingException exception) {
    if (exception instanceof UnrecognizedPropertyException unknown) {
      return "unknown field '"
          + unknown.getPropertyName()
          + "' (expected one of "
          + unknown.getKnownPropertyIds()
          + ")";
    }
    if (exception instanceof InvalidFormatException format
        && format.getTargetType() != null
        && format.getTargetType().isEnum()) {
      return field(format)
          + " must be one of "
          + Arrays.stream(format.getTargetType().getEnumConstants())
              .map(String::valueOf)
              .collect(Collectors.joining(", "))
          + ", not '"
          + format.getValue()
          + "'";
    }
    if (exception instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      String type =
          mismatch.getTargetType() == null
              ? "another type"
              : mismatch.getTargetType().getSimpleName();
      return field(mismatch) + " has the wrong type (expected " + type + ")";
    }
    if (exception instanceof MismatchedInputException) {
      return "request body must be a JSON object";
    }
    return "request body is not valid JSON: " + exception.getOriginalMessage();
  }

  /** The field's path in the body, e.g. {@code mode} or {@code steps[0].name}. */
  private static String field(JsonMappingException exception) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : exception.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
