package dev.standby.backup;

/**
 * The stored bytes are not what was written: a chunk fails authentication, the stream is cut short,
 * or the header is not ours.
 */
public class CorruptBackupException extends RuntimeException {
  public CorruptBackupException(String message) {
    super(message);
  }
}
