package dev.standby.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ObjectWriter} against a store in memory whose part uploads the tests hold and count: parts
 * of one object overlap, all writers together stay within the process's buffers, and a failure
 * keeps what was read before it. Waits have timeouts, so a writer that does not overlap fails the
 * test rather than hanging it.
 */
class ObjectWriterTest {
  private static final int PART = ObjectStore.PART_SIZE;
  private static final long WAIT_SECONDS = 30;

  @AfterEach
  void everyPartBufferIsBackInThePool() {
    assertThat(ObjectWriter.BUFFERS.available()).isEqualTo(ObjectWriter.PART_BUFFERS);
  }

  @Test
  void partsOfOneObjectUploadTogetherUpToTheLimit() throws Exception {
    CountDownLatch allStarted = new CountDownLatch(ObjectWriter.PARTS_IN_FLIGHT);
    InMemoryObjectStore store =
        new InMemoryObjectStore(
            (number, data, length) -> {
              if (number <= ObjectWriter.PARTS_IN_FLIGHT) {
                allStarted.countDown();
                if (!allStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                  throw new AssertionError(
                      "part "
                          + number
                          + " waited alone: parts 1 to "
                          + ObjectWriter.PARTS_IN_FLIGHT
                          + " did not upload at once");
                }
              }
            },
            true);
    byte[] data = ObjectStoreContract.random(4 * PART + 10, 1);

    ObjectInfo put =
        ObjectWriter.put(store, "big.bin", new ByteArrayInputStream(data), Map.of("kind", "dump"));

    assertThat(ObjectStoreContract.read(store.get("big.bin"))).isEqualTo(data);
    assertThat(put.sha256()).isEqualTo(ObjectStoreContract.sha256(data));
    assertThat(put.metadata()).containsEntry("kind", "dump");
  }

  @Test
  void eightWritersTogetherNeverUploadMorePartsThanThereAreBuffers() throws Exception {
    AtomicInteger uploading = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<String> misfilled = new CopyOnWriteArrayList<>();
    InMemoryObjectStore store =
        new InMemoryObjectStore(
            (number, data, length) -> {
              most.accumulateAndGet(uploading.incrementAndGet(), Math::max);
              try {
                Thread.sleep(20); // held a while, so that the writers pile up
                // Each writer's bytes are all one value: another value here means a buffer was
                // reused while uploading.
                for (int i = 0; i < length; i++) {
                  if (data[i] != data[0]) {
                    misfilled.add("part " + number + " at " + i);
                    break;
                  }
                }
              } finally {
                uploading.decrementAndGet();
              }
            },
            false);
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try {
      List<Future<ObjectInfo>> puts = new ArrayList<>();
      for (int w = 1; w <= 8; w++) {
        byte value = (byte) w;
        puts.add(
            writers.submit(
                () ->
                    ObjectWriter.put(
                        store, "object-" + value, filled(value, 3L * PART + 1), Map.of())));
      }
      for (int w = 1; w <= 8; w++) {
        assertThat(puts.get(w - 1).get(WAIT_SECONDS, TimeUnit.SECONDS).sha256())
            .isEqualTo(sha256(filled((byte) w, 3L * PART + 1)));
      }
    } finally {
      writers.shutdownNow();
    }
    assertThat(most.get()).isLessThanOrEqualTo(ObjectWriter.PART_BUFFERS);
    assertThat(misfilled).isEmpty();
  }

  @Test
  void aSourceThatDiesAfterThreePartsLeavesTheThreeStoredForTheResume() throws Exception {
    CountDownLatch sourceDied = new CountDownLatch(1);
    // Parts stay uploading until the source dies (three of them, and a fourth read meanwhile:
    // within the limit of
    // parts in flight): the writer must wait for them, not drop them.
    InMemoryObjectStore store =
        new InMemoryObjectStore(
            (number, data, length) -> {
              if (!sourceDied.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the source never died");
              }
            },
            true);
    byte[] data = ObjectStoreContract.random(4 * PART + 100, 2);
    InputStream dying =
        new FilterInputStream(new ByteArrayInputStream(data)) {
          long read;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            long diesAt = 3L * PART + 1024;
            if (read >= diesAt) {
              sourceDied.countDown();
              throw new IOException("source died");
            }
            int n = super.read(b, off, (int) Math.min(len, diesAt - read));
            read += Math.max(n, 0);
            return n;
          }
        };
    String[] uploadId = {null};

    assertThatThrownBy(
            () ->
                ObjectWriter.put(
                    store, "dump.bin", dying, Map.of(), u -> uploadId[0] = u.uploadId()))
        .hasMessageContaining("source died");

    ObjectUpload stored = store.resumeUpload("dump.bin", uploadId[0]);
    assertThat(stored.uploadedParts()).isEqualTo(3);
    assertThat(stored.uploadedBytes()).isEqualTo(3L * PART);
    ObjectInfo done =
        ObjectWriter.resume(store, "dump.bin", uploadId[0], new ByteArrayInputStream(data));
    assertThat(ObjectStoreContract.read(store.get("dump.bin"))).isEqualTo(data);
    assertThat(done.sha256()).isEqualTo(ObjectStoreContract.sha256(data));
  }

  @Test
  void aFailedPartFailsThePutWithItsErrorAndStopsTheReading() {
    CountDownLatch partTwoFailed = new CountDownLatch(1);
    InMemoryObjectStore store =
        new InMemoryObjectStore(
            (number, data, length) -> {
              if (number == 2) {
                partTwoFailed.countDown();
                throw new StorageException("memory://test: part 2 refused");
              }
              partTwoFailed.await(WAIT_SECONDS, TimeUnit.SECONDS);
            },
            false);
    long size = 20L * PART;
    AtomicLong read = new AtomicLong();
    InputStream source =
        new FilterInputStream(filled((byte) 1, size)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            read.addAndGet(Math.max(n, 0));
            return n;
          }
        };

    assertThatThrownBy(() -> ObjectWriter.put(store, "refused.bin", source, Map.of()))
        .isInstanceOf(StorageException.class)
        .hasMessage("memory://test: part 2 refused");
    assertThat(read.get()).as("bytes read of %s", size).isLessThan(size);
  }

  @Test
  void anInterruptedWriterCutsItsPartsShortAndGivesTheirBuffersBack() throws Exception {
    CountDownLatch twoUploading = new CountDownLatch(2);
    InMemoryObjectStore store =
        new InMemoryObjectStore(
            (number, data, length) -> {
              twoUploading.countDown();
              Thread.sleep(TimeUnit.SECONDS.toMillis(WAIT_SECONDS)); // until interrupted
            },
            false);
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Future<ObjectInfo> put =
          writer.submit(
              () -> ObjectWriter.put(store, "cut.bin", filled((byte) 1, 6L * PART), Map.of()));
      assertThat(twoUploading.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      put.cancel(true);
      writer.shutdown();
      assertThat(writer.awaitTermination(WAIT_SECONDS / 2, TimeUnit.SECONDS))
          .as("the writer ended")
          .isTrue();
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void aSmallObjectIsOneRequestWhetherItsSizeIsKnownOrNot() throws Exception {
    InMemoryObjectStore store =
        new InMemoryObjectStore(
            (number, data, length) -> {
              throw new AssertionError("a small object went up in parts");
            },
            true);
    byte[] data = ObjectStoreContract.random(1000, 3);
    ObjectWriter.copy(store, "known", new ByteArrayInputStream(data), data.length, Map.of());
    ObjectWriter.put(store, "unknown", new ByteArrayInputStream(data), Map.of());
    assertThat(ObjectStoreContract.read(store.get("known"))).isEqualTo(data);
    assertThat(ObjectStoreContract.read(store.get("unknown"))).isEqualTo(data);
    assertThat(store.head("unknown").orElseThrow().sha256())
        .isEqualTo(ObjectStoreContract.sha256(data));
  }

  @Test
  void aCopyWhereTheStoreStreamsNothingGoesUpInPartsWithItsSha256() throws Exception {
    AtomicInteger parts = new AtomicInteger();
    InMemoryObjectStore store =
        new InMemoryObjectStore((number, data, length) -> parts.incrementAndGet(), true);
    byte[] data = ObjectStoreContract.random(2 * PART + 5, 4);
    ObjectInfo copied =
        ObjectWriter.copy(
            store, "copied", new ByteArrayInputStream(data), data.length, Map.of("k", "v"));
    assertThat(parts).hasValue(3);
    assertThat(ObjectStoreContract.read(store.get("copied"))).isEqualTo(data);
    assertThat(copied.sha256()).isEqualTo(ObjectStoreContract.sha256(data));
    assertThat(copied.metadata()).containsEntry("k", "v");
  }

  /** {@code size} bytes of {@code value}, made as they are read. */
  private static InputStream filled(byte value, long size) {
    return new InputStream() {
      long left = size;

      @Override
      public int read() {
        if (left == 0) {
          return -1;
        }
        left--;
        return value & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        Arrays.fill(b, off, off + n, value);
        left -= n;
        return n;
      }
    };
  }

  private static String sha256(InputStream in) throws Exception {
    MessageDigest sha = ObjectWriter.sha256();
    byte[] buffer = new byte[1 << 16];
    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
      sha.update(buffer, 0, n);
    }
    return ObjectWriter.hex(sha);
  }
}
