package dev.standby.api.runs;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The {@code status} filter of {@code GET /runs}: Temporal's execution statuses, as the API prints
 * them.
 */
public enum RunStatusFilter {
  RUNNING("Running"),
  COMPLETED("Completed"),
  FAILED("Failed"),
  CANCELED("Canceled"),
  TERMINATED("Terminated"),
  TIMED_OUT("TimedOut"),
  CONTINUED_AS_NEW("ContinuedAsNew");

  private final String visibilityName;

  RunStatusFilter(String visibilityName) {
    this.visibilityName = visibilityName;
  }

  /** The value Temporal's list filter expects for {@code ExecutionStatus}. */
  String visibilityName() {
    return visibilityName;
  }

  /**
   * @return null for null; a 400 naming the known values for anything else unknown
   */
  public static RunStatusFilter parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new dev.standby.api.errors.ApiException(
          jakarta.ws.rs.core.Response.Status.BAD_REQUEST,
          "status '"
              + value
              + "' is not one of "
              + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
  }
}
