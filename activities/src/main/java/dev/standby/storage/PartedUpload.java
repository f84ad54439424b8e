package dev.standby.storage;

/**
 * What every adapter's multipart upload shares: its key, its id and the {@link StoredParts} that
 * say where a resumed stream goes on. {@code T} is what the provider calls a stored part (an ETag,
 * an object or block name, a file).
 */
public abstract class PartedUpload<T> implements ObjectUpload {
  protected final String key;
  protected final String id;
  protected final StoredParts<T> parts;

  /** {@code store} names the store in errors. */
  protected PartedUpload(String store, String key, String id) {
    this.key = key;
    this.id = id;
    this.parts = new StoredParts<>(store, key);
  }

  @Override
  public final String key() {
    return key;
  }

  @Override
  public final String uploadId() {
    return id;
  }

  @Override
  public final int uploadedParts() {
    return parts.run();
  }

  @Override
  public final long uploadedBytes() {
    return parts.runBytes();
  }
}
