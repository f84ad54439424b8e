package dev.standby.adapters.storage;

import java.util.Map;

/**
 * A multipart upload in progress. Parts are {@link ObjectStore#PART_SIZE} bytes except the last. The
 * {@link #uploadId()} survives a crash: {@link ObjectStore#resumeUpload} finds the parts already stored and
 * {@link #uploadedBytes()} says where the caller's stream resumes. Nothing is visible under the key until
 * {@link #complete}.
 */
public interface ObjectUpload {
  String key();

  String uploadId();

  /** Bytes in the parts stored so far: the offset of the next part in the object. */
  long uploadedBytes();

  /** Stores the next part: {@code length} must be {@link ObjectStore#PART_SIZE} for every part but the last. */
  void uploadPart(byte[] data, int length);

  /** Makes the object visible with the upload's metadata plus {@code finalMetadata} (e.g. the sha256 known only now). */
  ObjectInfo complete(Map<String, String> finalMetadata);

  /** Drops the stored parts; the key is left as it was. */
  void abort();
}
