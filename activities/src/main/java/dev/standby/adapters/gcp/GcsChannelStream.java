package dev.standby.adapters.gcp;

import com.google.cloud.ReadChannel;
import dev.standby.storage.NoSuchObjectException;
import dev.standby.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * A read channel as a stream; a missing object surfaces on the first read, as
 * NoSuchObjectException.
 */
final class GcsChannelStream extends InputStream {
  private final String store;
  private final ReadChannel channel;
  private final String key;

  GcsChannelStream(String store, ReadChannel channel, String key) {
    this.store = store;
    this.channel = channel;
    this.key = key;
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
    try {
      return channel.read(ByteBuffer.wrap(b, off, len));
    } catch (com.google.cloud.storage.StorageException e) {
      throw translate(e);
    } catch (IOException e) {
      if (e.getCause() instanceof com.google.cloud.storage.StorageException s) {
        throw translate(s);
      }
      throw e;
    }
  }

  private RuntimeException translate(com.google.cloud.storage.StorageException e) {
    return e.getCode() == 404
        ? new NoSuchObjectException(store, key)
        : new StorageException(store + ": get " + key + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    channel.close();
  }
}
