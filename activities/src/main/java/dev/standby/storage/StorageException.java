package dev.standby.storage;

/** A store refused or failed an operation; the message names the store and key. */
public class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageException(String message) {
    super(message);
  }
}
