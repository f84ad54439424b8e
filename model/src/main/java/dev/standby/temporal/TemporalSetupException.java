package dev.standby.temporal;

/**
 * The connection to Temporal cannot be set up or is refused: the message names what is wrong and
 * where (the configuration field, the server's answer), for the operator starting the process.
 */
public class TemporalSetupException extends RuntimeException {
  public TemporalSetupException(String message) {
    super(message);
  }

  public TemporalSetupException(String message, Throwable cause) {
    super(message, cause);
  }
}
