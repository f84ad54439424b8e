package dev.standby.storage;

import java.time.Instant;
import java.util.Map;

/**
 * What a store says about one object. {@code md5} is the hex MD5 of the content when the provider
 * knows it (S3 single-part ETag, GCS md5Hash, Azure Content-MD5), else null: multipart and composed
 * objects have none. {@code sha256} is the hex SHA-256 Standby stores in the object's metadata when
 * it writes (null for objects written by others). {@code metadata} is the custom metadata, keys in
 * lower case.
 */
public record ObjectInfo(
    String key,
    long size,
    String etag,
    String md5,
    String sha256,
    Instant lastModified,
    Map<String, String> metadata) {

  public ObjectInfo {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** Builds an info from the provider's raw metadata, lifting the sha256 out of it. */
  public static ObjectInfo of(
      String key,
      long size,
      String etag,
      String md5,
      Instant lastModified,
      Map<String, String> rawMetadata) {
    Map<String, String> metadata = StandbyMetadata.lowerCase(rawMetadata);
    return new ObjectInfo(
        key, size, etag, md5, metadata.get(StandbyMetadata.SHA256), lastModified, metadata);
  }
}
