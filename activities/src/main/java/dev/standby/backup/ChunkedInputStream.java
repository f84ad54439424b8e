package dev.standby.backup;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stream made one chunk at a time (a header, an encrypted frame, a decrypted chunk): reads copy
 * out of the chunk in hand and ask for the next when it is used up.
 */
abstract class ChunkedInputStream extends InputStream {
  private byte[] chunk = new byte[0];
  private int length;
  private int pos;

  /** Makes the next chunk and hands it over with {@link #serve}; false at the end of the stream. */
  protected abstract boolean nextChunk() throws IOException;

  /** The first {@code length} bytes of {@code bytes} are what reads get next. */
  protected final void serve(byte[] bytes, int length) {
    this.chunk = bytes;
    this.length = length;
    this.pos = 0;
  }

  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public final int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (pos == length) {
      if (!nextChunk()) {
        return -1;
      }
    }
    int n = Math.min(len, length - pos);
    System.arraycopy(chunk, pos, b, off, n);
    pos += n;
    return n;
  }
}
