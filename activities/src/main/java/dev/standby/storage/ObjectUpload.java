package dev.standby.storage;

import java.util.Map;

/**
 * A multipart upload in progress. Parts are numbered from 1 and are {@link ObjectStore#PART_SIZE}
 * bytes except the last; they may be uploaded concurrently and in any order. The {@link
 * #uploadId()} survives a crash: {@link ObjectStore#resumeUpload} finds the parts already stored,
 * and {@link #uploadedParts()} and {@link #uploadedBytes()} say where the caller's stream resumes.
 * Nothing is visible under the key until {@link #complete}.
 */
public interface ObjectUpload {
  String key();

  String uploadId();

  /**
   * How many parts are stored from part 1 with none missing. A part stored after a gap (a crash
   * while parts went up concurrently) does not count: it is uploaded again.
   */
  int uploadedParts();

  /** Bytes in the {@link #uploadedParts()}: the offset of the part after them in the object. */
  long uploadedBytes();

  /**
   * Stores part {@code number} (from 1), replacing it if stored before: {@code length} must be
   * {@link ObjectStore#PART_SIZE} for every part but the last. Safe to call from several threads
   * for different parts.
   */
  void uploadPart(int number, byte[] data, int length);

  /**
   * Makes the object of parts 1 to the last visible, with the upload's metadata plus {@code
   * finalMetadata} (e.g. the sha256 known only now). A part missing in between is a {@link
   * StorageException} that names it.
   */
  ObjectInfo complete(Map<String, String> finalMetadata);

  /** Drops the stored parts; the key is left as it was. */
  void abort();
}
