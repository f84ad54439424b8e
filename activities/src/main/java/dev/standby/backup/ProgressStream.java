package dev.standby.backup;

import dev.standby.storage.ObjectStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Counts the bytes read through it and reports the count at most once a second (heartbeats are
 * throttled anyway), each time the count crosses a multipart part boundary, so the parts stored so
 * far are always heartbeated, and once at the end of the stream, so the last report is the whole.
 */
final class ProgressStream extends FilterInputStream {
  private final LongConsumer report;
  private long bytes;
  private long lastReport = System.nanoTime();
  private boolean ended;

  ProgressStream(InputStream in, LongConsumer report) {
    super(in);
    this.report = report;
  }

  long bytes() {
    return bytes;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      counted(1);
    } else {
      end();
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      counted(n);
    } else if (n < 0) {
      end();
    }
    return n;
  }

  private void end() {
    if (!ended) {
      ended = true;
      report.accept(bytes);
    }
  }

  private void counted(int n) {
    bytes += n;
    long now = System.nanoTime();
    boolean newPart = (bytes - n) / ObjectStore.PART_SIZE != bytes / ObjectStore.PART_SIZE;
    if (newPart || now - lastReport > 1_000_000_000L) {
      lastReport = now;
      report.accept(bytes);
    }
  }
}
