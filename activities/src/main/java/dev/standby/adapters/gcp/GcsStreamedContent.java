package dev.standby.adapters.gcp;

import com.google.api.client.http.AbstractInputStreamContent;
import dev.standby.storage.ExactLengthInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * Exactly {@code size} bytes of a stream as a request body, sent in 256 KiB writes (with the
 * client's own 8 KiB copy loop the JVM and the emulator each spent about 1.7x the CPU per byte),
 * with their CRC32C. A stream of another length fails the request before its last byte is sent, so
 * nothing is stored.
 */
final class GcsStreamedContent extends AbstractInputStreamContent {
  private final InputStream in;
  private final long size;
  private final CRC32C crc = new CRC32C();

  GcsStreamedContent(InputStream in, long size) {
    super("application/octet-stream");
    this.in = in;
    this.size = size;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    InputStream exact =
        new ExactLengthInputStream(in, size); // fails a read that ends early or goes past the size
    byte[] buffer = new byte[256 * 1024];
    long left = size;
    while (left > 0) {
      int n = exact.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
      left -= n;
      if (left == 0) {
        exact.read(); // before the last bytes go: a longer stream must not end the request as if
        // complete
      }
      crc.update(buffer, 0, n);
      out.write(buffer, 0, n);
    }
    out.flush();
  }

  /** Base64 of the big-endian CRC32C, as GCS reports it. */
  String crc32c() {
    long value = crc.getValue();
    return Base64.getEncoder()
        .encodeToString(
            new byte[] {
              (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
            });
  }

  @Override
  public long getLength() {
    return size;
  }

  @Override
  public boolean retrySupported() {
    return false; // the stream cannot be read again
  }

  @Override
  public InputStream getInputStream() {
    return in;
  }
}
