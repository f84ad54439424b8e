package dev.standby.storage;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The parts of one object on their way up, on threads of their own: up to {@code limit} at once,
 * each in a buffer from the process's {@link PartBuffers} that goes back when its upload ends,
 * however it ends. Used by one writer thread, which reads the next part meanwhile.
 */
final class PartsInFlight implements AutoCloseable {
  private final PartBuffers buffers;
  private final int limit;
  private final ExecutorService threads;
  private final BlockingQueue<Part> finished = new LinkedBlockingQueue<>();
  private int inFlight;

  /**
   * The buffer handed out for reading and not sent: given back when the stream ends or the writer
   * fails.
   */
  private byte[] reading;

  PartsInFlight(String key, PartBuffers buffers, int limit) {
    this.buffers = buffers;
    this.limit = limit;
    this.threads =
        Executors.newFixedThreadPool(
            limit,
            r -> {
              Thread t = new Thread(r, "object-upload-" + key);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * A buffer to read the next part into. With none of this object's parts uploading it waits for
   * one; else it takes a free one or waits for a part to finish. A part that failed is thrown here,
   * so reading stops.
   */
  byte[] nextBuffer() {
    try {
      while (true) {
        for (Part done = finished.poll(); done != null; done = finished.poll()) {
          settle(done);
        }
        byte[] buffer =
            inFlight == 0 ? buffers.take() : inFlight < limit ? buffers.takeIfFree() : null;
        if (buffer != null) {
          reading = buffer;
          return buffer;
        }
        settle(finished.take());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("upload interrupted", e);
    }
  }

  /** Uploads part {@code number}, read into the buffer from {@link #nextBuffer()}. */
  void send(ObjectUpload upload, int number, byte[] buffer, int length) {
    reading = null;
    Part part =
        new Part(
            () -> {
              try {
                upload.uploadPart(number, buffer, length);
                return null;
              } finally {
                buffers.give(buffer);
              }
            },
            buffer);
    threads.execute(part);
    inFlight++;
  }

  /**
   * Once the stream is read: gives back the buffer that held no more bytes (not to keep it while
   * the upload completes) and waits for every part sent; the first that failed is thrown.
   */
  void awaitAll() {
    giveBackReading();
    try {
      while (inFlight > 0) {
        settle(finished.take());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("upload interrupted", e);
    }
  }

  /**
   * Lets the parts still uploading finish, even when the writer failed (the source died, another
   * part failed): a resumed upload then finds every part read before the failure, however the
   * uploads were timed. Only an interrupt cuts them short. Throws the first of their failures, if
   * any (suppressed under the writer's own).
   */
  @Override
  public void close() {
    RuntimeException failed = null;
    boolean interrupted = false;
    while (inFlight > 0) {
      try {
        settle(finished.take());
      } catch (InterruptedException e) {
        interrupted = true;
        // A part that never started gives its buffer back here; those running stop at the interrupt
        // and finish.
        for (Runnable neverStarted : threads.shutdownNow()) {
          buffers.give(((Part) neverStarted).buffer);
          inFlight--;
        }
      } catch (RuntimeException partFailed) {
        failed = failed == null ? partFailed : failed;
      }
    }
    threads.shutdown();
    giveBackReading();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failed != null) {
      throw failed;
    }
  }

  private void giveBackReading() {
    if (reading != null) {
      buffers.give(reading);
      reading = null;
    }
  }

  private void settle(Part part) {
    inFlight--;
    try {
      part.get();
    } catch (InterruptedException e) {
      throw new IllegalStateException("get() of a finished part does not wait", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StorageException("part upload failed: " + e.getCause(), e.getCause());
    }
  }

  /** A part's upload, which reports itself finished and knows its buffer should it never start. */
  private final class Part extends FutureTask<Void> {
    private final byte[] buffer;

    Part(Callable<Void> upload, byte[] buffer) {
      super(upload);
      this.buffer = buffer;
    }

    @Override
    protected void done() {
      finished.add(this);
    }
  }
}
