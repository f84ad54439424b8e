package dev.standby.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.adapters.aws.S3Clients;
import dev.standby.adapters.aws.S3ObjectStore;
import dev.standby.adapters.azure.AzureBlobClients;
import dev.standby.adapters.azure.AzureBlobObjectStore;
import dev.standby.adapters.gcp.GcsClients;
import dev.standby.adapters.gcp.GcsObjectStore;
import dev.standby.adapters.local.LocalObjectStore;
import dev.standby.lab.SharedCloudEmulators;
import dev.standby.storage.ObjectSyncer.Checkpoint;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Sync passes between the emulated clouds: S3 (moto), GCS (fake-gcs-server), Azure Blob (Azurite).
 */
class ObjectSyncerTest {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  @RegisterExtension static final SharedCloudEmulators clouds = SharedCloudEmulators.all();
  private static S3Client s3;
  private static com.google.cloud.storage.Storage gcs;
  @TempDir Path dir;

  @BeforeAll
  static void connect() {
    s3 =
        S3Clients.create(
            clouds.awsRegion(),
            clouds.awsEndpoint(),
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(clouds.awsAccessKeyId(), clouds.awsSecretAccessKey())));
    gcs = GcsClients.create(clouds.gcsProject(), clouds.gcsEndpoint());
  }

  @AfterAll
  static void disconnect() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    if (gcs != null) {
      gcs.close();
    }
  }

  @Test
  void s3ToGcsCopiesWhatDiffersSkipsWhatIsCurrentAndPropagatesDeletes() throws Exception {
    ObjectStore source = fresh(new S3ObjectStore(s3, name("src")));
    ObjectStore target = fresh(new GcsObjectStore(gcs, name("dst")));
    for (int i = 0; i < 25; i++) {
      put(
          source,
          String.format("orders/%03d.json", i),
          "{\"order\":" + i + "}",
          Map.of("site", "a"));
    }
    byte[] big = ObjectStoreContract.random(ObjectStore.PART_SIZE + 1000, 7);
    ObjectWriter.put(source, "dumps/big.bin", new ByteArrayInputStream(big), Map.of());
    put(target, "orders/stale-only-in-target", "x", Map.of());
    ObjectSyncer syncer = new ObjectSyncer(source, target, 4);

    Checkpoint first = syncer.run("", true, Checkpoint.start(0), c -> {});
    assertThat(first.copied()).isEqualTo(26);
    assertThat(first.bytesCopied())
        .isEqualTo(10 * 11 + 15 * 12 + big.length); // {"order":N} is 11 or 12 bytes
    assertThat(first.deleted()).isEqualTo(1);
    assertThat(first.failed()).isZero();
    assertThat(read(target, "orders/007.json")).isEqualTo("{\"order\":7}");
    assertThat(target.head("orders/007.json").orElseThrow().metadata()).containsEntry("site", "a");
    assertThat(ObjectStoreContract.read(target.get("dumps/big.bin"))).isEqualTo(big);
    assertThat(target.head("orders/stale-only-in-target")).isEmpty();

    put(source, "orders/003.json", "{\"order\":3,\"paid\":true}", Map.of());
    put(source, "orders/100.json", "{\"order\":100}", Map.of());
    source.delete("orders/010.json");
    Checkpoint second = syncer.run("", true, Checkpoint.start(0), c -> {});
    assertThat(second.copied()).isEqualTo(2);
    assertThat(second.skipped()).isEqualTo(24); // 23 small unchanged + the big one (by sha256)
    assertThat(second.deleted()).isEqualTo(1);
    assertThat(read(target, "orders/003.json")).isEqualTo("{\"order\":3,\"paid\":true}");
    assertThat(target.head("orders/010.json")).isEmpty();
  }

  @Test
  void withoutDeletePropagationExtrasStay() throws Exception {
    ObjectStore source = fresh(new GcsObjectStore(gcs, name("src")));
    ObjectStore target = fresh(azure(name("dst")));
    put(source, "a", "1", Map.of());
    put(target, "extra", "2", Map.of());
    Checkpoint done =
        new ObjectSyncer(source, target, 2).run("", false, Checkpoint.start(0), c -> {});
    assertThat(done.copied()).isEqualTo(1);
    assertThat(done.deleted()).isZero();
    assertThat(target.head("extra")).isPresent();
  }

  @Test
  void aNoChangeResyncBetweenAzureAndS3SkipsEverythingIncludingMultipartObjects() throws Exception {
    ObjectStore source = fresh(azure(name("src")));
    ObjectStore target = fresh(new S3ObjectStore(s3, name("dst")));
    for (int i = 0; i < 10; i++) {
      put(source, "k" + i, "value " + i, Map.of());
    }
    ObjectWriter.put(
        source,
        "big",
        new ByteArrayInputStream(ObjectStoreContract.random(ObjectStore.PART_SIZE + 5, 8)),
        Map.of());
    ObjectSyncer syncer = new ObjectSyncer(source, target, 3);
    assertThat(syncer.run(null, false, Checkpoint.start(0), c -> {}).copied()).isEqualTo(11);
    Checkpoint again = syncer.run(null, false, Checkpoint.start(0), c -> {});
    assertThat(again.copied()).isZero();
    assertThat(again.skipped()).isEqualTo(11);
  }

  @Test
  void aPassResumedFromACheckpointStartsAfterItsLastKeyAndKeepsItsCounts() throws Exception {
    ObjectStore source = fresh(new S3ObjectStore(s3, name("src")));
    ObjectStore target = fresh(new LocalObjectStore(dir.resolve("dst")));
    for (int i = 0; i < 6; i++) {
      put(source, "k" + i, "v" + i, Map.of());
    }
    // An earlier attempt handled k0..k2 (copied 3) and then its worker died.
    Checkpoint crashed = new Checkpoint("k2", 1_000, 3, 6, 0, 0, 0, 0, List.of(), null);
    List<Checkpoint> beats = new ArrayList<>();
    Checkpoint done = new ObjectSyncer(source, target, 2).run("", true, crashed, beats::add);
    assertThat(done.copied()).isEqualTo(6);
    assertThat(done.startedAtMillis()).isEqualTo(1_000);
    assertThat(target.list("", null, 100).objects())
        .extracting(ObjectInfo::key)
        .containsExactly("k3", "k4", "k5");
    assertThat(beats).isNotEmpty();
    assertThat(beats.get(beats.size() - 1).lastKey()).isEqualTo("k5");
  }

  @Test
  void aCopyThatFailsIsCountedAndNamedAndThePassGoesOn() throws Exception {
    ObjectStore source = fresh(new S3ObjectStore(s3, name("src")));
    ObjectStore target = fresh(new LocalObjectStore(dir.resolve("dst")));
    // A directory cannot hold both a file "a" and a directory "a/": one of the two cannot be
    // copied.
    put(source, "a", "file", Map.of());
    put(source, "a/b", "nested", Map.of());
    put(source, "c", "fine", Map.of());
    Checkpoint done =
        new ObjectSyncer(source, target, 1).run("", false, Checkpoint.start(5_000), c -> {});
    assertThat(done.failed()).isEqualTo(1);
    assertThat(done.copied()).isEqualTo(2);
    assertThat(done.failures()).singleElement().asString().startsWith("a/b: ");
    assertThat(done.oldestFailedChangeMillis()).isNotNull();
    assertThat(read(target, "c")).isEqualTo("fine");
  }

  private static ObjectStore fresh(ObjectStore store) {
    store.createIfMissing();
    return store;
  }

  private static AzureBlobObjectStore azure(String container) {
    return new AzureBlobObjectStore(
        AzureBlobClients.container(clouds.azureConnectionString(), container));
  }

  private static String name(String role) {
    return "sync-" + role + "-" + BUCKETS.incrementAndGet();
  }

  private static void put(
      ObjectStore store, String key, String value, Map<String, String> metadata) {
    ObjectWriter.put(
        store, key, new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8)), metadata);
  }

  private static String read(ObjectStore store, String key) throws Exception {
    return new String(ObjectStoreContract.read(store.get(key)), StandardCharsets.UTF_8);
  }
}
