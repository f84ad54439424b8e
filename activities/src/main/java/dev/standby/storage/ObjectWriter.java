package dev.standby.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Writes a stream to a store: one request when it fits in a part, else a multipart upload that can
 * resume; or, for a copy of known size, one streamed request where the store is better at that
 * ({@link #copy}). Every object gets the hex SHA-256 of its content in {@link
 * StandbyMetadata#SHA256}, computed on the way.
 *
 * <p>The caller's thread reads the stream (so heartbeats sent from it reach Temporal) while up to
 * {@link #PARTS_IN_FLIGHT} parts of the object upload at once: one part at a time made a large
 * first copy 0.6x rclone's speed. Part buffers come from one pool for the process, whatever the
 * number of writers (a sync runs 16): at most {@value #PART_BUFFERS} x 8 MiB = 96 MiB of part
 * buffers per process.
 */
public final class ObjectWriter {
  static final int PARTS_IN_FLIGHT = 4;
  static final int PART_BUFFERS = 12;
  static final PartBuffers BUFFERS = new PartBuffers(PART_BUFFERS);

  private ObjectWriter() {}

  /** Writes {@code in} (of any length) under {@code key}. */
  public static ObjectInfo put(
      ObjectStore store, String key, InputStream in, Map<String, String> metadata) {
    return put(store, key, in, metadata, upload -> {});
  }

  /**
   * As {@link #put(ObjectStore, String, InputStream, Map)}, telling {@code onStarted} the upload
   * when a multipart one begins, so the caller can record its id (e.g. in a heartbeat) and {@link
   * #resume} it later.
   */
  public static ObjectInfo put(
      ObjectStore store,
      String key,
      InputStream in,
      Map<String, String> metadata,
      Consumer<ObjectUpload> onStarted) {
    try (PartsInFlight parts = new PartsInFlight(key, BUFFERS, PARTS_IN_FLIGHT)) {
      byte[] first = parts.nextBuffer();
      int n = readFully(in, first);
      if (n < first.length) {
        return putSmall(store, key, first, n, metadata);
      }
      ObjectUpload upload = store.startUpload(key, metadata);
      onStarted.accept(upload);
      MessageDigest sha = sha256();
      sha.update(first, 0, n);
      parts.send(upload, 1, first, n);
      return sendRest(parts, upload, 2, in, sha);
    }
  }

  /**
   * Copies an object of known {@code size} (a sync's copy, which starts the object again after a
   * crash rather than resume it): one request when small, one streamed request where the store
   * takes one for this size ({@link ObjectStore#putStreamed}), else parts as {@link #put} sends
   * them. A stream shorter or longer than {@code size} (the source changed while read) fails the
   * copy and leaves the key as it was.
   */
  public static ObjectInfo copy(
      ObjectStore store, String key, InputStream in, long size, Map<String, String> metadata) {
    InputStream exact = new ExactLengthInputStream(in, size);
    if (size < ObjectStore.PART_SIZE) {
      byte[] small = new byte[(int) size];
      readFully(exact, small);
      readFully(exact, new byte[1]); // a byte past the size fails here, before anything is stored
      return putSmall(store, key, small, small.length, metadata);
    }
    MessageDigest sha = sha256();
    Optional<ObjectInfo> streamed =
        store.putStreamed(
            key,
            new DigestInputStream(exact, sha),
            size,
            () -> StandbyMetadata.with(metadata, StandbyMetadata.SHA256, hex(sha)));
    return streamed.orElseGet(() -> put(store, key, exact, metadata, upload -> {}));
  }

  /**
   * Resumes {@code uploadId} with the same content from its start: the bytes already uploaded are
   * read (for the checksum) but not sent again.
   */
  public static ObjectInfo resume(ObjectStore store, String key, String uploadId, InputStream in) {
    ObjectUpload upload = store.resumeUpload(key, uploadId);
    MessageDigest sha = sha256();
    byte[] buffer = new byte[64 * 1024]; // part-sized buffers come from the pool only
    long skipped = 0;
    while (skipped < upload.uploadedBytes()) {
      int want = (int) Math.min(buffer.length, upload.uploadedBytes() - skipped);
      int n = readFully(in, buffer, want);
      if (n < want) {
        throw new StorageException(
            store.describe()
                + ": resumed stream for "
                + key
                + " is shorter than the "
                + upload.uploadedBytes()
                + " bytes already uploaded");
      }
      sha.update(buffer, 0, n);
      skipped += n;
    }
    try (PartsInFlight parts = new PartsInFlight(key, BUFFERS, PARTS_IN_FLIGHT)) {
      return sendRest(parts, upload, upload.uploadedParts() + 1, in, sha);
    }
  }

  private static ObjectInfo putSmall(
      ObjectStore store, String key, byte[] data, int length, Map<String, String> metadata) {
    MessageDigest sha = sha256();
    sha.update(data, 0, length);
    return store.putSmall(
        key, data, length, StandbyMetadata.with(metadata, StandbyMetadata.SHA256, hex(sha)));
  }

  /**
   * Reads the rest of the stream into parts numbered from {@code number}, each sent as soon as it
   * is read and hashed in stream order, then completes the upload once every part is stored. A
   * failed part stops the reading; when the source dies, the parts read before are still stored
   * ({@link PartsInFlight#close()}).
   */
  private static ObjectInfo sendRest(
      PartsInFlight parts, ObjectUpload upload, int number, InputStream in, MessageDigest sha) {
    int n;
    do {
      byte[] buffer = parts.nextBuffer();
      n = readFully(in, buffer);
      if (n > 0) {
        sha.update(buffer, 0, n);
        parts.send(upload, number++, buffer, n);
      }
    } while (n == ObjectStore.PART_SIZE);
    parts.awaitAll();
    return upload.complete(Map.of(StandbyMetadata.SHA256, hex(sha)));
  }

  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static int readFully(InputStream in, byte[] buffer) {
    return readFully(in, buffer, buffer.length);
  }

  static int readFully(InputStream in, byte[] buffer, int want) {
    try {
      return in.readNBytes(buffer, 0, want);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
