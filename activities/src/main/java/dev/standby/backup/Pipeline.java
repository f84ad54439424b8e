package dev.standby.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;

/**
 * Runs the producing side of a stream (pg_dump's output, encrypted) on a thread of its own, with a
 * bounded buffer between it and the reader (the upload): the dump and encryption go on while a part
 * is being sent, instead of pg_dump waiting on a full pipe for every upload. Memory: the buffer,
 * whatever the stream's length.
 */
final class Pipeline implements AutoCloseable {
  private final PipedInputStream output;
  private final Thread producer;
  private volatile IOException failure;

  Pipeline(InputStream source, int bufferBytes) throws IOException {
    output = new PipedInputStream(bufferBytes);
    PipedOutputStream sink = new PipedOutputStream(output);
    producer =
        new Thread(
            () -> {
              byte[] buffer = new byte[256 * 1024];
              try {
                for (int n; (n = source.read(buffer)) > 0; ) {
                  sink.write(buffer, 0, n);
                }
                sink.close(); // the end of the stream, only when it really ended
              } catch (IOException | RuntimeException e) {
                // Left open: the reader gets "write end dead" instead of a clean end, so no
                // cut-short upload completes.
                failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
              }
            },
            "standby-backup-producer");
    producer.setDaemon(true);
    producer.start();
  }

  InputStream output() {
    return output;
  }

  /** After the reader saw the end: throws what stopped the producer early, if anything did. */
  void finish() throws IOException, InterruptedException {
    producer.join();
    if (failure != null) {
      throw failure;
    }
  }

  /** Closing the reading end makes a producer blocked on a full buffer fail and end. */
  @Override
  public void close() throws IOException {
    output.close();
  }
}
