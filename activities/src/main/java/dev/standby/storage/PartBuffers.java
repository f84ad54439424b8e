package dev.standby.storage;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of {@link ObjectStore#PART_SIZE} buffers shared by every writer in the process,
 * allocated when first needed, then kept and recycled rather than allocated per part. A writer that
 * holds none waits for one, so every writer gets its turn; buffers beyond the first (for parts
 * uploading at once) are taken only when one is free and nobody waits.
 */
final class PartBuffers {
  private final Semaphore permits;
  private final Queue<byte[]> free = new ConcurrentLinkedQueue<>();

  PartBuffers(int count) {
    // Fair, so that writers waiting for their only buffer get freed ones in turn, before any writer
    // takes an extra.
    this.permits = new Semaphore(count, true);
  }

  /** Waits for a buffer: for a writer that holds none. */
  byte[] take() throws InterruptedException {
    permits.acquire();
    return recycled();
  }

  /** A buffer when one is free and no writer waits for one; else null. */
  byte[] takeIfFree() throws InterruptedException {
    // tryAcquire with a timeout, unlike tryAcquire(), keeps the fair order: it does not jump the
    // waiting writers.
    return permits.tryAcquire(0, TimeUnit.SECONDS) ? recycled() : null;
  }

  /** Buffers not taken: all of them when no writer runs. */
  int available() {
    return permits.availablePermits();
  }

  void give(byte[] buffer) {
    free.add(buffer);
    permits.release();
  }

  /** A permit holder holds at most one buffer, so no more than {@code count} are ever allocated. */
  private byte[] recycled() {
    byte[] buffer = free.poll();
    return buffer != null ? buffer : new byte[ObjectStore.PART_SIZE];
  }
}
