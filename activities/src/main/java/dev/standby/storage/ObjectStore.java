package dev.standby.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One bucket (S3, GCS), container (Azure Blob) or directory (local) of objects. Keys are
 * '/'-separated relative paths. Every method is idempotent where the provider allows it: deleting a
 * missing key, creating an existing container or setting the same rules again succeed and change
 * nothing. Provider errors surface as {@link StorageException}s that say which store and key.
 *
 * <p>Write with {@link ObjectWriter#put} (which picks a single put or a multipart upload and adds
 * the sha256) or {@link ObjectWriter#copy}, not with {@link #putSmall} / {@link #startUpload} /
 * {@link #putStreamed} directly.
 */
public interface ObjectStore {
  /** Multipart part size: at least S3's 5 MiB minimum, a multiple of GCS's 256 KiB. */
  int PART_SIZE = 8 * 1024 * 1024;

  /**
   * e.g. {@code s3://bucket}, {@code gcs://bucket}, {@code azure://container}, {@code file:///dir}.
   */
  String describe();

  /** Creates the bucket, container or directory unless it exists. */
  void createIfMissing();

  /** Stores {@code length} bytes in one request, replacing the object if any. */
  ObjectInfo putSmall(String key, byte[] data, int length, Map<String, String> metadata);

  ObjectUpload startUpload(String key, Map<String, String> metadata);

  /**
   * Stores {@code size} bytes read from {@code in} in one streamed request, then gives the object
   * {@code metadata.get()}, asked once every byte is sent (it holds their sha256). Only where that
   * beats an upload in parts for this size: GCS, whose parts must be composed into the object,
   * copying every byte again. Elsewhere empty, having read nothing: the caller uploads in parts.
   * Not resumable: after a crash the object is either absent or whole, and is copied again. Use
   * {@link ObjectWriter#copy}.
   */
  default Optional<ObjectInfo> putStreamed(
      String key, InputStream in, long size, Supplier<Map<String, String>> metadata) {
    return Optional.empty();
  }

  /**
   * Continues an upload started by {@link #startUpload} (possibly by another process that crashed).
   */
  ObjectUpload resumeUpload(String key, String uploadId);

  /**
   * The object's bytes from {@code offset}, {@code length} of them or to the end when {@code
   * length} is negative. The caller closes the stream.
   */
  InputStream get(String key, long offset, long length);

  default InputStream get(String key) {
    return get(key, 0, -1);
  }

  Optional<ObjectInfo> head(String key);

  /**
   * The object's info and its whole content; one request where the provider allows (S3's GET has
   * both).
   */
  default ObjectRead read(String key) {
    ObjectInfo info = head(key).orElseThrow(() -> new NoSuchObjectException(describe(), key));
    return new ObjectRead(info, get(key));
  }

  /**
   * Up to {@code maxKeys} objects whose key starts with {@code prefix} and sorts after {@code
   * startAfter} (null: from the start).
   */
  ObjectPage list(String prefix, String startAfter, int maxKeys);

  /** True when an object was deleted, false when there was none. */
  boolean delete(String key);

  /** Server-side copy within this store, content and metadata. */
  ObjectInfo copy(String sourceKey, String targetKey);

  /**
   * Replaces the store's expiration rules: true when stored, false where the provider has none
   * (nothing changes).
   */
  boolean setExpirationRules(List<ExpirationRule> rules);

  List<ExpirationRule> expirationRules();

  /** Whether {@link #list} returns custom metadata (and so the sha256); S3 listings do not. */
  default boolean listsMetadata() {
    return true;
  }
}
