package dev.standby.cli;

/** The API answered, but not with success: its status and its own error message. */
public class ApiException extends RuntimeException {
  private final int status;

  public ApiException(int status, String message) {
    super("HTTP " + status + ": " + message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
