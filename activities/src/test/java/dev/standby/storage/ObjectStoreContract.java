package dev.standby.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} must do, run against each provider's emulator (or a temp dir):
 * subclasses say how to open a store on a fresh bucket. Same assertions everywhere, so backups and
 * sync can rely on them.
 */
public abstract class ObjectStoreContract {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  protected ObjectStore store;
  protected String bucket;

  /** A store on {@code bucket}, which does not exist yet. */
  protected abstract ObjectStore open(String bucket);

  /** What the provider (as emulated here) does with lifecycle (expiration) rules. */
  protected abstract Lifecycle lifecycle();

  protected enum Lifecycle {
    /** Stored and read back. */
    STORED,
    /** The provider has none: setting rules answers false and stores nothing. */
    UNSUPPORTED,
    /**
     * The provider has them but the emulator accepts and drops them: only the request's acceptance
     * is checked.
     */
    ACCEPTED_BY_EMULATOR
  }

  @BeforeEach
  void freshBucket() {
    bucket = "contract-" + ProcessHandle.current().pid() + "-" + BUCKETS.incrementAndGet();
    store = open(bucket);
    store.createIfMissing();
    store.createIfMissing(); // idempotent
  }

  @Test
  void smallPutIsReadBackWithItsSizeChecksumAndMetadata() throws Exception {
    byte[] data = "order 42 shipped".getBytes(StandardCharsets.UTF_8);
    ObjectInfo put =
        ObjectWriter.put(
            store, "orders/42.txt", new ByteArrayInputStream(data), Map.of("source", "site-a"));

    ObjectInfo head = store.head("orders/42.txt").orElseThrow();
    assertThat(head.size()).isEqualTo(data.length);
    assertThat(head.sha256()).isEqualTo(sha256(data)).isEqualTo(put.sha256());
    assertThat(head.metadata()).containsEntry("source", "site-a");
    assertThat(head.etag()).isNotBlank();
    if (head.md5() != null) {
      assertThat(head.md5()).isEqualTo(hex("MD5", data));
    }
    assertThat(read(store.get("orders/42.txt"))).isEqualTo(data);
  }

  @Test
  void rangedGetReturnsJustTheRange() throws Exception {
    ObjectWriter.put(
        store,
        "r",
        new ByteArrayInputStream("0123456789".getBytes(StandardCharsets.UTF_8)),
        Map.of());
    assertThat(new String(read(store.get("r", 3, 4)), StandardCharsets.UTF_8)).isEqualTo("3456");
    assertThat(new String(read(store.get("r", 7, -1)), StandardCharsets.UTF_8)).isEqualTo("789");
  }

  @Test
  void aStreamLongerThanOnePartGoesUpInPartsAndKeepsItsSha256() throws Exception {
    byte[] data = random(2 * ObjectStore.PART_SIZE + 4321, 1);
    ObjectWriter.put(store, "big/dump.bin", new ByteArrayInputStream(data), Map.of("kind", "dump"));

    ObjectInfo head = store.head("big/dump.bin").orElseThrow();
    assertThat(head.size()).isEqualTo(data.length);
    assertThat(head.sha256()).isEqualTo(sha256(data));
    assertThat(head.metadata()).containsEntry("kind", "dump");
    assertThat(read(store.get("big/dump.bin"))).isEqualTo(data);
    assertThat(store.list("big/", null, 10).objects())
        .extracting(ObjectInfo::key)
        .containsExactly("big/dump.bin");
  }

  @Test
  void aCopyOfKnownSizeIsStoredWholeWithItsSha256AndMetadata() throws Exception {
    byte[] data = random(2 * ObjectStore.PART_SIZE + 777, 11);
    ObjectInfo copied =
        ObjectWriter.copy(
            store,
            "synced/dump.bin",
            new ByteArrayInputStream(data),
            data.length,
            Map.of("kind", "dump"));

    ObjectInfo head = store.head("synced/dump.bin").orElseThrow();
    assertThat(head.size()).isEqualTo(data.length);
    assertThat(head.sha256()).isEqualTo(sha256(data)).isEqualTo(copied.sha256());
    assertThat(head.metadata()).containsEntry("kind", "dump");
    if (head.md5() != null) {
      assertThat(head.md5()).isEqualTo(hex("MD5", data));
    }
    assertThat(read(store.get("synced/dump.bin"))).isEqualTo(data);
    assertThat(store.list("synced/", null, 10).objects())
        .extracting(ObjectInfo::key)
        .containsExactly("synced/dump.bin");
  }

  @Test
  void aCopyWhoseStreamIsShorterOrLongerThanItsSizeFailsAndLeavesTheKeyAsItWas() throws Exception {
    byte[] before = "the version already there".getBytes(StandardCharsets.UTF_8);
    for (int size : new int[] {1000, ObjectStore.PART_SIZE + 1000}) {
      String key = "changed-" + size;
      ObjectWriter.put(store, key, new ByteArrayInputStream(before), Map.of());
      byte[] shorter = random(size - 1, 12);
      byte[] longer = random(size + 1, 13);

      assertThatThrownBy(
              () ->
                  ObjectWriter.copy(store, key, new ByteArrayInputStream(shorter), size, Map.of()))
          .hasStackTraceContaining(
              "the stream ended after " + (size - 1) + " of the " + size + " bytes expected");
      assertThatThrownBy(
              () -> ObjectWriter.copy(store, key, new ByteArrayInputStream(longer), size, Map.of()))
          .hasStackTraceContaining("the stream is longer than the " + size + " bytes expected");

      assertThat(read(store.get(key))).as("content under %s", key).isEqualTo(before);
      assertThat(store.head(key).orElseThrow().sha256()).isEqualTo(sha256(before));
    }
  }

  @Test
  void anInterruptedUploadResumesFromThePartsAlreadyStored() throws Exception {
    byte[] data = random(2 * ObjectStore.PART_SIZE + 99, 2);
    ObjectUpload first = store.startUpload("resumed.bin", Map.of("kind", "dump"));
    first.uploadPart(1, data, ObjectStore.PART_SIZE);
    String uploadId = first.uploadId();
    // The writer "crashes" here: nothing is visible under the key yet.
    assertThat(store.head("resumed.bin")).isEmpty();

    ObjectUpload again = store.resumeUpload("resumed.bin", uploadId);
    assertThat(again.uploadedBytes()).isEqualTo(ObjectStore.PART_SIZE);
    ObjectInfo done =
        ObjectWriter.resume(store, "resumed.bin", uploadId, new ByteArrayInputStream(data));

    assertThat(done.sha256()).isEqualTo(sha256(data));
    assertThat(read(store.get("resumed.bin"))).isEqualTo(data);
    assertThat(store.head("resumed.bin").orElseThrow().metadata()).containsEntry("kind", "dump");
  }

  @Test
  void partsUploadedOutOfOrderFromSeveralThreadsCompleteInNumberOrder() throws Exception {
    byte[] data = random(2 * ObjectStore.PART_SIZE + 777, 4);
    ObjectUpload upload = store.startUpload("shuffled.bin", Map.of());
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      // The short last part first, then parts 1 and 2 at once.
      threads.submit(() -> uploadPart(upload, data, 3)).get();
      List<Future<?>> rest =
          List.of(
              threads.submit(() -> uploadPart(upload, data, 1)),
              threads.submit(() -> uploadPart(upload, data, 2)));
      for (Future<?> part : rest) {
        part.get();
      }
    } finally {
      threads.shutdownNow();
    }
    upload.complete(Map.of());
    assertThat(read(store.get("shuffled.bin"))).isEqualTo(data);
  }

  @Test
  void aResumeAfterAGapSendsAgainFromTheMissingPart() throws Exception {
    byte[] data = random(3 * ObjectStore.PART_SIZE + 55, 5);
    ObjectUpload first = store.startUpload("gap.bin", Map.of("kind", "dump"));
    uploadPart(first, data, 1);
    uploadPart(first, data, 2);
    // The writer crashed with part 4 up before part 3. Its bytes differ here, to show the resume
    // replaces it.
    first.uploadPart(4, random(55, 6), 55);

    ObjectUpload again = store.resumeUpload("gap.bin", first.uploadId());
    assertThat(again.uploadedParts()).isEqualTo(2);
    assertThat(again.uploadedBytes()).isEqualTo(2L * ObjectStore.PART_SIZE);
    ObjectInfo done =
        ObjectWriter.resume(store, "gap.bin", first.uploadId(), new ByteArrayInputStream(data));

    assertThat(done.sha256()).isEqualTo(sha256(data));
    assertThat(read(store.get("gap.bin"))).isEqualTo(data);
    assertThat(store.head("gap.bin").orElseThrow().metadata()).containsEntry("kind", "dump");
  }

  @Test
  void aPartFoundAtResumePastTheEndOfTheStreamIsLeftOutOfTheObject() throws Exception {
    byte[] data = random(ObjectStore.PART_SIZE + 10, 7);
    ObjectUpload first = store.startUpload("stale.bin", Map.of());
    uploadPart(first, data, 1);
    first.uploadPart(3, random(99, 8), 99); // left by an earlier attempt; this stream has two parts

    ObjectInfo done =
        ObjectWriter.resume(store, "stale.bin", first.uploadId(), new ByteArrayInputStream(data));

    assertThat(done.size()).isEqualTo(data.length);
    assertThat(read(store.get("stale.bin"))).isEqualTo(data);
  }

  @Test
  void completingAnUploadWithAMissingPartFailsAndNamesThePart() {
    ObjectUpload upload = store.startUpload("holed.bin", Map.of());
    upload.uploadPart(1, new byte[] {1}, 1);
    upload.uploadPart(3, new byte[] {3}, 1);
    assertThatThrownBy(() -> upload.complete(Map.of()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(store.describe())
        .hasMessageContaining("holed.bin")
        .hasMessageContaining("part 2 ");
    assertThat(store.head("holed.bin")).isEmpty();
    upload.abort();
  }

  @Test
  void listingIsSortedPagedAndFilteredByPrefix() {
    for (String key : List.of("b/2", "a/1", "b/10", "b/1", "c", "b/3")) {
      store.putSmall(key, key.getBytes(StandardCharsets.UTF_8), key.length(), Map.of());
    }
    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      ObjectPage page = store.list("b/", after, 2);
      page.objects().forEach(o -> seen.add(o.key()));
      assertThat(page.objects()).hasSizeLessThanOrEqualTo(2);
      after = page.nextStartAfter();
      pages++;
    } while (after != null && pages < 10);
    assertThat(seen).containsExactly("b/1", "b/10", "b/2", "b/3");
    assertThat(store.list("", null, 100).objects())
        .extracting(ObjectInfo::key)
        .containsExactly("a/1", "b/1", "b/10", "b/2", "b/3", "c");
    assertThat(store.list("nothing/", null, 100).objects()).isEmpty();
  }

  @Test
  void deleteRemovesOnceAndThenSaysThereWasNothing() {
    store.putSmall("gone", new byte[] {1}, 1, Map.of());
    assertThat(store.delete("gone")).isTrue();
    assertThat(store.head("gone")).isEmpty();
    assertThat(store.delete("gone")).isFalse();
  }

  @Test
  void missingObjectsAreEmptyOnHeadAndAnErrorOnGet() {
    assertThat(store.head("absent")).isEmpty();
    assertThatThrownBy(() -> read(store.get("absent")))
        .isInstanceOf(NoSuchObjectException.class)
        .hasMessageContaining("absent");
  }

  @Test
  void serverSideCopyKeepsContentAndMetadata() throws Exception {
    byte[] data = "copy me".getBytes(StandardCharsets.UTF_8);
    ObjectWriter.put(store, "from", new ByteArrayInputStream(data), Map.of("owner", "payments"));
    store.copy("from", "to/here");
    ObjectInfo copied = store.head("to/here").orElseThrow();
    assertThat(read(store.get("to/here"))).isEqualTo(data);
    assertThat(copied.sha256()).isEqualTo(sha256(data));
    assertThat(copied.metadata()).containsEntry("owner", "payments");
    assertThatThrownBy(() -> store.copy("absent", "x")).isInstanceOf(NoSuchObjectException.class);
  }

  @Test
  void anOverwriteReplacesContentAndChecksum() throws Exception {
    ObjectWriter.put(store, "k", new ByteArrayInputStream(new byte[] {1, 2, 3}), Map.of());
    ObjectWriter.put(store, "k", new ByteArrayInputStream(new byte[] {4, 5}), Map.of());
    assertThat(read(store.get("k"))).containsExactly(4, 5);
    assertThat(store.head("k").orElseThrow().sha256()).isEqualTo(sha256(new byte[] {4, 5}));
  }

  @Test
  void expirationRulesAreStoredWhereTheProviderHasThem() {
    List<ExpirationRule> rules = List.of(new ExpirationRule("old-dumps", "dumps/", 30));
    switch (lifecycle()) {
      case STORED -> {
        assertThat(store.setExpirationRules(rules)).isTrue();
        assertThat(store.setExpirationRules(rules)).isTrue();
        assertThat(store.expirationRules())
            .extracting(ExpirationRule::prefix, ExpirationRule::days)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("dumps/", 30));
        store.setExpirationRules(List.of());
        assertThat(store.expirationRules()).isEmpty();
      }
      case UNSUPPORTED -> {
        assertThat(store.setExpirationRules(rules)).isFalse();
        assertThat(store.expirationRules()).isEmpty();
      }
      case ACCEPTED_BY_EMULATOR -> assertThat(store.setExpirationRules(rules)).isTrue();
    }
  }

  @Test
  void unusableKeysAreRefusedWithTheReason() {
    assertThatThrownBy(() -> store.putSmall("../escape", new byte[0], 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'..'");
    assertThatThrownBy(() -> store.putSmall("/abs", new byte[0], 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty path segment");
  }

  /** Uploads part {@code number} of {@code data} cut in parts as {@link ObjectWriter} cuts it. */
  private static void uploadPart(ObjectUpload upload, byte[] data, int number) {
    int from = (number - 1) * ObjectStore.PART_SIZE;
    int length = Math.min(ObjectStore.PART_SIZE, data.length - from);
    upload.uploadPart(number, Arrays.copyOfRange(data, from, from + length), length);
  }

  protected static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  protected static byte[] read(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  protected static String sha256(byte[] data) throws Exception {
    return hex("SHA-256", data);
  }

  private static String hex(String algorithm, byte[] data) throws Exception {
    return java.util.HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
  }
}
