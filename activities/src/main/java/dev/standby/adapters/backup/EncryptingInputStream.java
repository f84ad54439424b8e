package dev.standby.adapters.backup;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads plaintext from {@code plain} and yields it encrypted in the {@link BackupFormat} layout, one chunk at a
 * time: pull-based, so an upload that reads it drives the dump, and memory stays at a few chunk buffers.
 */
public final class EncryptingInputStream extends InputStream {
  private final InputStream plain;
  private final Cipher cipher;
  private final SecretKeySpec dataKey;
  private final byte[] headerDigest;
  private final byte[] chunk = new byte[BackupFormat.CHUNK_SIZE];
  private int carried = -1; // one byte read ahead to learn whether the previous chunk was the last
  private long chunkIndex;
  private boolean done;
  private byte[] out;
  private int outPos;
  private long plainBytes;

  public EncryptingInputStream(InputStream plain, BackupKey key, SecureRandom random) {
    this.plain = plain;
    byte[] salt = new byte[BackupFormat.SALT_BYTES];
    random.nextBytes(salt);
    byte[] master = key.material();
    this.dataKey = new SecretKeySpec(BackupFormat.dataKey(master, salt), "AES");
    byte[] header = header(key.id(), salt, BackupFormat.keyCheck(master, salt));
    java.util.Arrays.fill(master, (byte) 0);
    this.headerDigest = BackupFormat.sha256(header);
    this.out = header;
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Plaintext bytes consumed so far. */
  public long plainBytes() {
    return plainBytes;
  }

  private static byte[] header(String keyId, byte[] salt, byte[] check) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream data = new DataOutputStream(bytes);
      byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
      data.write(BackupFormat.MAGIC);
      data.writeByte(BackupFormat.VERSION);
      data.writeByte(id.length);
      data.write(id);
      data.write(salt);
      data.write(check);
      data.writeInt(BackupFormat.CHUNK_SIZE);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
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
    while (out == null || outPos == out.length) {
      if (done) {
        return -1;
      }
      nextChunk();
    }
    int n = Math.min(len, out.length - outPos);
    System.arraycopy(out, outPos, b, off, n);
    outPos += n;
    return n;
  }

  private void nextChunk() throws IOException {
    int filled = 0;
    if (carried >= 0) {
      chunk[filled++] = (byte) carried;
      carried = -1;
    }
    filled += plain.readNBytes(chunk, filled, chunk.length - filled);
    boolean last = filled < chunk.length;
    if (!last) {
      carried = plain.read();
      last = carried < 0;
    }
    plainBytes += filled;
    try {
      cipher.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(128, BackupFormat.nonce(chunkIndex)));
      cipher.updateAAD(BackupFormat.associatedData(headerDigest, chunkIndex, last));
      int cipherLength = filled + BackupFormat.TAG_BYTES;
      byte[] framed = out != null && out.length == 5 + cipherLength ? out : new byte[5 + cipherLength];
      framed[0] = (byte) (last ? 1 : 0);
      framed[1] = (byte) (cipherLength >>> 24);
      framed[2] = (byte) (cipherLength >>> 16);
      framed[3] = (byte) (cipherLength >>> 8);
      framed[4] = (byte) cipherLength;
      cipher.doFinal(chunk, 0, filled, framed, 5);
      out = framed;
      outPos = 0;
    } catch (GeneralSecurityException e) {
      throw new IOException("encrypting chunk " + chunkIndex + ": " + e, e);
    }
    chunkIndex++;
    done = last;
  }

  @Override
  public void close() throws IOException {
    plain.close();
  }
}
