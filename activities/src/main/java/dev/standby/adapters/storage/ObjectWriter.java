package dev.standby.adapters.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Writes a stream to a store: one request when it fits in a part, else a multipart upload that can resume.
 * Every object gets the hex SHA-256 of its content in {@link StandbyMetadata#SHA256}, computed on the way.
 */
public final class ObjectWriter {
  private ObjectWriter() {}

  /** Writes {@code in} (of any length) under {@code key}. */
  public static ObjectInfo put(ObjectStore store, String key, InputStream in, Map<String, String> metadata) {
    return put(store, key, in, metadata, upload -> {});
  }

  /**
   * As {@link #put(ObjectStore, String, InputStream, Map)}, telling {@code onStarted} the upload when a
   * multipart one begins, so the caller can record its id (e.g. in a heartbeat) and {@link #resume} it later.
   */
  public static ObjectInfo put(
      ObjectStore store, String key, InputStream in, Map<String, String> metadata, Consumer<ObjectUpload> onStarted) {
    return put(store, key, in, -1, metadata, onStarted);
  }

  /** As above for a stream whose size is known (or -1), so a small object needs no part-sized buffer. */
  public static ObjectInfo put(ObjectStore store, String key, InputStream in, long sizeHint,
      Map<String, String> metadata, Consumer<ObjectUpload> onStarted) {
    MessageDigest sha = sha256();
    byte[] first = new byte[sizeHint >= 0 && sizeHint < ObjectStore.PART_SIZE ? (int) sizeHint + 1 : ObjectStore.PART_SIZE];
    int n = readFully(in, first);
    if (n == first.length && first.length < ObjectStore.PART_SIZE) {
      // Longer than its size hint said (it changed while read): go on in full parts.
      first = java.util.Arrays.copyOf(first, ObjectStore.PART_SIZE);
      try {
        n += in.readNBytes(first, n, first.length - n);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    sha.update(first, 0, n);
    if (n < first.length) {
      return store.putSmall(key, first, n, StandbyMetadata.with(metadata, StandbyMetadata.SHA256, hex(sha)));
    }
    ObjectUpload upload = store.startUpload(key, metadata);
    onStarted.accept(upload);
    return finish(upload, 1, in, sha, first, n);
  }

  /**
   * Resumes {@code uploadId} with the same content from its start: the bytes already uploaded are read (for the
   * checksum) but not sent again.
   */
  public static ObjectInfo resume(ObjectStore store, String key, String uploadId, InputStream in) {
    ObjectUpload upload = store.resumeUpload(key, uploadId);
    MessageDigest sha = sha256();
    byte[] buffer = new byte[ObjectStore.PART_SIZE];
    long skipped = 0;
    while (skipped < upload.uploadedBytes()) {
      int want = (int) Math.min(buffer.length, upload.uploadedBytes() - skipped);
      int n = readFully(in, buffer, want);
      if (n < want) {
        throw new StorageException(store.describe() + ": resumed stream for " + key + " is shorter than the "
            + upload.uploadedBytes() + " bytes already uploaded");
      }
      sha.update(buffer, 0, n);
      skipped += n;
    }
    return finish(upload, upload.uploadedParts() + 1, in, sha, buffer, 0);
  }

  /**
   * Uploads {@code pending} (already hashed) and the rest of the stream in parts numbered from {@code number}.
   * While one part uploads on a helper thread the next is read from the source, so a copy between two clouds reads
   * and writes at once; parts still go up one at a time, in order, and two part buffers are the memory it takes.
   */
  private static ObjectInfo finish(
      ObjectUpload upload, int number, InputStream in, MessageDigest sha, byte[] pending, int pendingLength) {
    ExecutorService uploader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "object-upload-" + upload.key());
      t.setDaemon(true);
      return t;
    });
    try {
      int next = number;
      Future<?> inFlight = null;
      if (pendingLength > 0) {
        int first = next++;
        inFlight = uploader.submit(() -> upload.uploadPart(first, pending, pendingLength));
      }
      byte[] uploading = pending;
      byte[] reading = new byte[ObjectStore.PART_SIZE];
      while (true) {
        int n = readSourceKeeping(in, reading, inFlight);
        await(inFlight);
        inFlight = null;
        if (n > 0) {
          sha.update(reading, 0, n);
          byte[] part = reading;
          int partNumber = next++;
          inFlight = uploader.submit(() -> upload.uploadPart(partNumber, part, n));
          reading = uploading;
          uploading = part;
        }
        if (n < ObjectStore.PART_SIZE) {
          await(inFlight);
          return upload.complete(Map.of(StandbyMetadata.SHA256, hex(sha)));
        }
      }
    } finally {
      uploader.shutdownNow();
    }
  }

  /**
   * Reads the next part; when the source dies, the part already on its way is still let finish, so a resumed
   * upload finds every part that was read before the failure (and the count does not depend on timing).
   */
  private static int readSourceKeeping(InputStream in, byte[] buffer, Future<?> inFlight) {
    try {
      return readFully(in, buffer);
    } catch (RuntimeException sourceFailed) {
      try {
        await(inFlight);
      } catch (RuntimeException partFailed) {
        sourceFailed.addSuppressed(partFailed);
      }
      throw sourceFailed;
    }
  }

  private static void await(Future<?> part) {
    if (part == null) {
      return;
    }
    try {
      part.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("upload interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StorageException("part upload failed: " + e.getCause(), e.getCause());
    }
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
