package dev.standby.backup;

/** A copy the manifest lists is not in its target. */
public class MissingCopyException extends RuntimeException {
  public MissingCopyException(String message) {
    super(message);
  }
}
