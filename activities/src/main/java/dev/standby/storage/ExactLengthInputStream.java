package dev.standby.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that must hold exactly {@code length} bytes: ending early, or having a byte past them,
 * is an {@link IOException} at that read. A copy of an object of known size fails this way when the
 * object changed while it was read, instead of storing a mix of two versions.
 */
public final class ExactLengthInputStream extends FilterInputStream {
  private final long length;
  private long read;

  public ExactLengthInputStream(InputStream in, long length) {
    super(in);
    this.length = length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (read == length) {
      if (in.read() >= 0) {
        throw new IOException("the stream is longer than the " + length + " bytes expected");
      }
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, length - read));
    if (n < 0) {
      throw new IOException(
          "the stream ended after " + read + " of the " + length + " bytes expected");
    }
    read += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = in.skip(Math.min(n, length - read));
    read += skipped;
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
