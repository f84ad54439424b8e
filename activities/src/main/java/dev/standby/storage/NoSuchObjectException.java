package dev.standby.storage;

/** The key (or upload) does not exist in the store. */
public class NoSuchObjectException extends StorageException {
  public NoSuchObjectException(String store, String key) {
    super(store + ": no object " + key);
  }
}
