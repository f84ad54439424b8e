package dev.standby.workflows;

import dev.standby.model.FailureType;
import io.temporal.failure.ApplicationFailure;

/** Builds the non-retryable, typed failures workflows end with. */
public final class Failures {
  private Failures() {}

  public static ApplicationFailure of(FailureType type, String message) {
    return ApplicationFailure.newNonRetryableFailure(message, type.type());
  }
}
