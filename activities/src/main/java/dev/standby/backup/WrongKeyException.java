package dev.standby.backup;

/**
 * The key at hand cannot decrypt the backup: another key id, or the same id with other key
 * material.
 */
public class WrongKeyException extends RuntimeException {
  public WrongKeyException(String message) {
    super(message);
  }
}
