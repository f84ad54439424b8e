package dev.standby.adapters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name a provider's practice clone gets: the source instance's, a marker and a digest of the
 * drill run's key, so it is the same on every retry (idempotent), different per run, short enough
 * for every provider (RDS 63, Cloud SQL 98, Azure 63 characters) and plain lower-case letters,
 * digits and hyphens.
 */
public final class CloneNames {
  private CloneNames() {}

  public static String of(String sourceInstance, String key) {
    String digest;
    try {
      digest =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)))
              .substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String base = sourceInstance.toLowerCase().replaceAll("[^a-z0-9-]", "-");
    if (base.length() > 40) {
      base = base.substring(0, 40);
    }
    return base + "-practice-" + digest;
  }
}
