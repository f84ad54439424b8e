package dev.standby.storage;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The custom metadata Standby writes on objects. Providers' ETags are not comparable across clouds
 * (S3's is an MD5 only for single-part uploads, GCS composed objects and Azure block lists have
 * none), so every object Standby writes carries the SHA-256 of its content, and a synced copy also
 * carries its source's ETag. Names are lower-case letters and digits only: Azure wants C#
 * identifiers, S3 and GCS accept them as they are.
 */
public final class StandbyMetadata {
  /** What every name below starts with. */
  public static final String PREFIX = "standby";

  /** Hex SHA-256 of the content. */
  public static final String SHA256 = "standbysha256";

  /**
   * The source object's ETag at the time a sync copied it: proves a copy current when no checksum
   * compares.
   */
  public static final String SOURCE_ETAG = "standbysourceetag";

  private StandbyMetadata() {}

  public static Map<String, String> lowerCase(Map<String, String> raw) {
    Map<String, String> lower = new HashMap<>();
    if (raw != null) {
      raw.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    }
    return lower;
  }

  public static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> merged = new HashMap<>(base == null ? Map.of() : base);
    merged.put(key, value);
    return merged;
  }
}
