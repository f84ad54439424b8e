package dev.standby.backup;

import java.util.Arrays;

/**
 * A master key and its id. The id goes into every backup's header and manifest; the bytes go
 * nowhere.
 */
public final class BackupKey {
  private final String id;
  private final byte[] material;

  public BackupKey(String id, byte[] material) {
    if (id == null
        || id.isBlank()
        || id.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
      throw new IllegalArgumentException("backup key id must be 1 to 255 bytes, got '" + id + "'");
    }
    if (material == null || material.length != 32) {
      throw new IllegalArgumentException(
          "backup key '"
              + id
              + "' must be 32 bytes (AES-256), got "
              + (material == null ? "none" : material.length + " bytes"));
    }
    this.id = id;
    this.material = material.clone();
  }

  public String id() {
    return id;
  }

  byte[] material() {
    return material.clone();
  }

  @Override
  public String toString() {
    return "BackupKey[" + id + "]"; // never the bytes
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BackupKey k && k.id.equals(id) && Arrays.equals(k.material, material);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }
}
