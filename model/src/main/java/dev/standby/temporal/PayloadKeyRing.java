package dev.standby.temporal;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys of {@link PayloadEncryption}, read: each one 32 bytes written in base64 ({@code
 * openssl rand -base64 32}), in a file or an environment variable.
 */
public final class PayloadKeyRing {
  private final String currentId;
  private final Map<String, SecretKey> keys;

  PayloadKeyRing(String currentId, Map<String, SecretKey> keys) {
    this.currentId = currentId;
    this.keys = Map.copyOf(keys);
  }

  public static PayloadKeyRing read(
      PayloadEncryption encryption, Function<String, String> environment) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    encryption
        .keys()
        .forEach((id, secret) -> keys.put(id, aesKey(secret, secret.readText(environment))));
    return new PayloadKeyRing(encryption.currentKey(), keys);
  }

  /** A ring from raw keys, for tests and tools. */
  public static PayloadKeyRing of(String currentId, Map<String, byte[]> rawKeys) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    rawKeys.forEach((id, raw) -> keys.put(id, new SecretKeySpec(raw, "AES")));
    if (!keys.containsKey(currentId)) {
      throw new IllegalArgumentException("no key '" + currentId + "' among " + keys.keySet());
    }
    return new PayloadKeyRing(currentId, keys);
  }

  private static SecretKey aesKey(Secret secret, String base64) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new TemporalSetupException(
          secret.field()
              + ": "
              + secret.source()
              + " is not base64 (make a key with: openssl rand -base64 32)");
    }
    if (raw.length != 32) {
      throw new TemporalSetupException(
          secret.field()
              + ": "
              + secret.source()
              + " holds "
              + raw.length
              + " bytes, an AES-256 key is 32 (make one with: openssl rand -base64 32)");
    }
    return new SecretKeySpec(raw, "AES");
  }

  public String currentId() {
    return currentId;
  }

  public SecretKey current() {
    return keys.get(currentId);
  }

  /** The key of that id, or null when this ring does not hold it. */
  public SecretKey key(String id) {
    return keys.get(id);
  }

  public java.util.Set<String> ids() {
    return keys.keySet();
  }
}
