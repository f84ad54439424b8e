package dev.standby.backup;

/**
 * Where backup keys come from: the current key for new backups, and a key by id for restores
 * (rotation).
 */
public interface KeyProvider {
  BackupKey current();

  /** The key with this id; {@link WrongKeyException} when this provider has none by that id. */
  BackupKey byId(String keyId);
}
