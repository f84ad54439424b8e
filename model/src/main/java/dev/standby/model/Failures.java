package dev.standby.model;

import io.temporal.failure.ApplicationFailure;

/**
 * The failures Standby raises, in activities and in workflows alike. Retrying cannot fix a {@link
 * FailureType}: those are non-retryable. A transient problem (a database restarting, a router
 * reloading) gets a type of its own, outside that enum, so the workflow's retry policy retries it.
 */
public final class Failures {
  /** The database or router did not answer; it may be restarting. */
  public static final String UNREACHABLE = "UNREACHABLE";

  /**
   * The database or router answered with an error (permissions, a refused command): the message
   * says which.
   */
  public static final String PROVIDER_ERROR = "PROVIDER_ERROR";

  /** The operation started but did not finish in the time it was given. */
  public static final String TIMED_OUT = "TIMED_OUT";

  private Failures() {}

  public static ApplicationFailure nonRetryable(
      FailureType type, String message, Object... details) {
    return ApplicationFailure.newNonRetryableFailure(message, type.type(), details);
  }

  public static ApplicationFailure retryable(String type, String message, Throwable cause) {
    return ApplicationFailure.newFailureWithCause(message, type, cause);
  }

  /**
   * The innermost cause: what went wrong, under the wrappers that say where (an ActivityFailure
   * names the activity, a client exception the call).
   */
  public static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
