package dev.standby.backup;

import java.util.Base64;
import java.util.function.UnaryOperator;

/**
 * One key read from the environment variable the topology names, base64 of 32 bytes ({@code openssl
 * rand -base64 32}). The variable's name is configuration; its value is read only here.
 */
public final class EnvKeyProvider implements KeyProvider {
  private final String keyId;
  private final String envName;
  private final UnaryOperator<String> environment;

  public EnvKeyProvider(String keyId, String envName, UnaryOperator<String> environment) {
    this.keyId = keyId;
    this.envName = envName;
    this.environment = environment;
  }

  @Override
  public BackupKey current() {
    String value = environment.apply(envName);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "backup key '" + keyId + "': environment variable " + envName + " is not set");
    }
    byte[] material;
    try {
      material = Base64.getDecoder().decode(value.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "backup key '"
              + keyId
              + "': "
              + envName
              + " is not base64 (want 32 random bytes, "
              + "e.g. openssl rand -base64 32)");
    }
    if (material.length != 32) {
      throw new IllegalStateException(
          "backup key '"
              + keyId
              + "': "
              + envName
              + " decodes to "
              + material.length
              + " bytes, AES-256 needs 32");
    }
    return new BackupKey(keyId, material);
  }

  @Override
  public BackupKey byId(String id) {
    if (!keyId.equals(id)) {
      throw new WrongKeyException(
          "the backup was encrypted with key '"
              + id
              + "', but the configured key is '"
              + keyId
              + "' ("
              + envName
              + "); restore with the key that has id '"
              + id
              + "'");
    }
    return current();
  }
}
