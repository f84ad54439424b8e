package dev.standby.adapters.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Storage;
import dev.standby.lab.Emulator;
import dev.standby.lab.SharedCloudEmulators;
import dev.standby.storage.ObjectInfo;
import dev.standby.storage.ObjectStore;
import dev.standby.storage.ObjectStoreContract;
import dev.standby.storage.ObjectUpload;
import dev.standby.storage.ObjectWriter;
import dev.standby.storage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The object store contract against fake-gcs-server. */
class GcsObjectStoreTest extends ObjectStoreContract {
  @RegisterExtension
  static final SharedCloudEmulators clouds = SharedCloudEmulators.of(Emulator.GCS);

  private static Storage storage;

  @BeforeAll
  static void connect() {
    storage = GcsClients.create(clouds.gcsProject(), clouds.gcsEndpoint());
  }

  @AfterAll
  static void disconnect() throws Exception {
    if (storage != null) {
      storage.close();
    }
  }

  @Override
  protected ObjectStore open(String bucket) {
    return new GcsObjectStore(storage, bucket);
  }

  @Override
  protected Lifecycle lifecycle() {
    return Lifecycle
        .ACCEPTED_BY_EMULATOR; // fake-gcs-server accepts a bucket update but keeps no lifecycle
  }

  @Test
  void aCopyUpToTheStreamedMaximumIsOneUploadWithNoPartsLeftBehind() throws Exception {
    byte[] data = random(ObjectStore.PART_SIZE * 2 + 1, 21);
    ObjectWriter.copy(store, "one-request", new ByteArrayInputStream(data), data.length, Map.of());
    // A composed object has no MD5; one uploaded whole has.
    assertThat(store.head("one-request").orElseThrow().md5()).isNotNull();
    assertThat(
            storage
                .list(bucket, Storage.BlobListOption.prefix(GcsObjectStore.UPLOADS))
                .iterateAll())
        .isEmpty();
  }

  @Test
  void aStreamedPutOfAStreamOfAnotherLengthFailsAndStoresNothing() {
    int size = ObjectStore.PART_SIZE;
    assertThatThrownBy(
            () ->
                store.putStreamed(
                    "short", new ByteArrayInputStream(random(size - 1, 22)), size, Map::of))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("put short")
        .hasStackTraceContaining(
            "the stream ended after " + (size - 1) + " of the " + size + " bytes expected");
    assertThatThrownBy(
            () ->
                store.putStreamed(
                    "long", new ByteArrayInputStream(random(size + 1, 23)), size, Map::of))
        .isInstanceOf(StorageException.class)
        .hasStackTraceContaining("the stream is longer than the " + size + " bytes expected");
    assertThat(store.head("short")).isEmpty();
    assertThat(store.head("long")).isEmpty();
  }

  @Test
  void aCopyAboveTheStreamedMaximumIsLeftToPartsWithoutReadingTheStream() {
    InputStream unread =
        new InputStream() {
          @Override
          public int read() {
            throw new AssertionError("read a stream it leaves to parts");
          }
        };
    assertThat(store.putStreamed("huge", unread, GcsObjectStore.STREAMED_MAX + 1, Map::of))
        .isEmpty();
  }

  @Test
  void partsOfAnUnfinishedUploadStayOutOfListings() {
    ObjectUpload upload = store.startUpload("pending", Map.of());
    upload.uploadPart(1, new byte[] {1, 2, 3}, 3);
    store.putSmall("visible", new byte[] {1}, 1, Map.of());
    assertThat(store.list("", null, 10).objects())
        .extracting(ObjectInfo::key)
        .containsExactly("visible");
    assertThat(store.list("", null, 1).objects())
        .extracting(ObjectInfo::key)
        .containsExactly("visible");
  }
}
