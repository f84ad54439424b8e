package dev.standby.adapters.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobServiceClient;
import dev.standby.lab.Emulator;
import dev.standby.lab.SharedCloudEmulators;
import dev.standby.storage.ObjectInfo;
import dev.standby.storage.ObjectPage;
import dev.standby.storage.ObjectStore;
import dev.standby.storage.ObjectStoreContract;
import dev.standby.storage.ObjectUpload;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The object store contract against Azurite. */
class AzureBlobObjectStoreTest extends ObjectStoreContract {
  @RegisterExtension
  static final SharedCloudEmulators clouds = SharedCloudEmulators.of(Emulator.AZURITE);

  private static BlobServiceClient service;

  @BeforeAll
  static void connect() {
    service = AzureBlobClients.create(clouds.azureConnectionString());
  }

  @Override
  protected ObjectStore open(String bucket) {
    return new AzureBlobObjectStore(service.getBlobContainerClient(bucket));
  }

  @Override
  protected Lifecycle lifecycle() {
    return Lifecycle.UNSUPPORTED;
  }

  @Test
  void aListingResumedByAnotherStoreInstanceSkipsToTheKeyItWasGiven() {
    for (String key : List.of("k1", "k2", "k3", "k4", "k5")) {
      store.putSmall(key, new byte[] {1}, 1, Map.of());
    }
    ObjectPage first = store.list("", null, 2);
    // A fresh instance (a worker after a restart) has no remembered marker: it walks from the start
    // and skips.
    ObjectStore restarted = open(bucket);
    List<String> rest = new ArrayList<>();
    String after = first.nextStartAfter();
    while (after != null) {
      ObjectPage page = restarted.list("", after, 2);
      page.objects().forEach(o -> rest.add(o.key()));
      after = page.nextStartAfter();
    }
    assertThat(first.objects()).extracting(ObjectInfo::key).containsExactly("k1", "k2");
    assertThat(rest).containsExactly("k3", "k4", "k5");
  }

  @Test
  void anUnfinishedUploadIsNotListed() {
    ObjectUpload upload = store.startUpload("pending", Map.of());
    upload.uploadPart(1, new byte[] {1, 2, 3}, 3);
    assertThat(store.list("", null, 10).objects()).isEmpty();
  }
}
