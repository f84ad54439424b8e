package dev.standby.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Objects and multipart uploads in memory, for what {@link ObjectWriter} needs (puts, uploads,
 * reads back); the rest is unsupported. Every part upload first runs the test's {@link PartHook},
 * on the uploading thread.
 */
final class InMemoryObjectStore implements ObjectStore {
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> metadata = new ConcurrentHashMap<>();
  private final Map<String, MemoryUpload> uploads = new ConcurrentHashMap<>();
  private final PartHook hook;
  private final boolean keepsBytes;

  interface PartHook {
    void uploading(int number, byte[] data, int length) throws Exception;
  }

  /**
   * With {@code keepsBytes} false, parts and objects are stored empty: a test of many large objects
   * holds none.
   */
  InMemoryObjectStore(PartHook hook, boolean keepsBytes) {
    this.hook = hook;
    this.keepsBytes = keepsBytes;
  }

  @Override
  public String describe() {
    return "memory://test";
  }

  @Override
  public void createIfMissing() {}

  @Override
  public ObjectInfo putSmall(String key, byte[] data, int length, Map<String, String> meta) {
    objects.put(key, Arrays.copyOf(data, length));
    metadata.put(key, meta);
    return head(key).orElseThrow();
  }

  @Override
  public ObjectUpload startUpload(String key, Map<String, String> meta) {
    MemoryUpload upload = new MemoryUpload(key, UUID.randomUUID().toString(), meta);
    uploads.put(upload.uploadId(), upload);
    return upload;
  }

  /** The same upload object: what a resume after a crash would find stored. */
  @Override
  public ObjectUpload resumeUpload(String key, String uploadId) {
    MemoryUpload upload = uploads.get(uploadId);
    if (upload == null || !upload.key().equals(key)) {
      throw new NoSuchObjectException(describe(), key + " (upload " + uploadId + ")");
    }
    return upload;
  }

  @Override
  public InputStream get(String key, long offset, long length) {
    byte[] data =
        Optional.ofNullable(objects.get(key))
            .orElseThrow(() -> new NoSuchObjectException(describe(), key));
    return new ByteArrayInputStream(
        data, (int) offset, length < 0 ? data.length - (int) offset : (int) length);
  }

  @Override
  public Optional<ObjectInfo> head(String key) {
    byte[] data = objects.get(key);
    return data == null
        ? Optional.empty()
        : Optional.of(
            ObjectInfo.of(key, data.length, "etag", null, Instant.EPOCH, metadata.get(key)));
  }

  @Override
  public ObjectPage list(String prefix, String startAfter, int maxKeys) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean delete(String key) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ObjectInfo copy(String sourceKey, String targetKey) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean setExpirationRules(List<ExpirationRule> rules) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<ExpirationRule> expirationRules() {
    throw new UnsupportedOperationException();
  }

  private final class MemoryUpload extends PartedUpload<byte[]> {
    private final Map<String, String> meta;

    MemoryUpload(String key, String id, Map<String, String> meta) {
      super(describe(), key, id);
      this.meta = meta;
    }

    @Override
    public void uploadPart(int number, byte[] data, int length) {
      try {
        hook.uploading(number, data, length);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      parts.add(number, keepsBytes ? Arrays.copyOf(data, length) : new byte[0], length);
    }

    @Override
    public ObjectInfo complete(Map<String, String> finalMetadata) {
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      parts.inOrder().forEach(content::writeBytes);
      Map<String, String> all = new HashMap<>(meta);
      all.putAll(finalMetadata);
      uploads.remove(id);
      return putSmall(key, content.toByteArray(), content.size(), all);
    }

    @Override
    public void abort() {
      uploads.remove(id);
    }
  }
}
