package dev.standby.temporal;

/** Nothing answered at the target: Temporal may be down or still starting, not misconfigured. */
public class TemporalUnreachableException extends TemporalSetupException {
  public TemporalUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
