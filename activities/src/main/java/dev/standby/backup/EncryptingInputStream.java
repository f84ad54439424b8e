package dev.standby.backup;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
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
 * Reads plaintext from {@code plain} and yields it compressed and encrypted in the {@link
 * BackupFormat} layout, one chunk at a time: pull-based, so an upload that reads it drives the
 * dump, and memory stays at a few chunk buffers. Each chunk is compressed on its own with zstd
 * (kept as it was when that does not make it smaller).
 */
public final class EncryptingInputStream extends ChunkedInputStream {
  private final InputStream plain;
  private final Cipher cipher;
  private final SecretKeySpec dataKey;
  private final byte[] headerDigest;
  private final byte[] chunk = new byte[BackupFormat.CHUNK_SIZE];
  private final ZstdCompressCtx zstd;
  private final byte[] packed;
  private int carried = -1; // one byte read ahead to learn whether the previous chunk was the last
  private long chunkIndex;
  private boolean done;
  private final byte[] frame = new byte[5 + BackupFormat.CHUNK_SIZE + BackupFormat.TAG_BYTES];
  private long plainBytes;

  /**
   * @param zstdLevel 1 (fastest) to 19, or 0 for no compression
   */
  public EncryptingInputStream(
      InputStream plain, BackupKey key, SecureRandom random, int zstdLevel) {
    if (zstdLevel < 0 || zstdLevel > BackupFormat.MAX_ZSTD_LEVEL) {
      throw new IllegalArgumentException(
          "zstd level must be 0 (none) to " + BackupFormat.MAX_ZSTD_LEVEL + ", got " + zstdLevel);
    }
    this.plain = plain;
    byte[] salt = new byte[BackupFormat.SALT_BYTES];
    random.nextBytes(salt);
    byte[] master = key.material();
    this.dataKey = new SecretKeySpec(BackupFormat.dataKey(master, salt), "AES");
    byte[] header = header(key.id(), salt, BackupFormat.keyCheck(master, salt));
    java.util.Arrays.fill(master, (byte) 0);
    this.headerDigest = BackupFormat.sha256(header);
    serve(header, header.length);
    this.cipher = AesGcm.cipher();
    this.zstd =
        zstdLevel == 0 ? null : new ZstdCompressCtx().setLevel(zstdLevel).setChecksum(false);
    this.packed =
        zstdLevel == 0 ? null : new byte[(int) Zstd.compressBound(BackupFormat.CHUNK_SIZE)];
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
  protected boolean nextChunk() throws IOException {
    if (done) {
      return false;
    }
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
    byte[] sealed = chunk;
    int sealedLength = filled;
    int flags = last ? BackupFormat.LAST : 0;
    if (zstd != null && filled > 0) {
      int n = zstd.compressByteArray(packed, 0, packed.length, chunk, 0, filled);
      if (n < filled) {
        sealed = packed;
        sealedLength = n;
        flags |= BackupFormat.COMPRESSED;
      }
    }
    try {
      cipher.init(
          Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(128, BackupFormat.nonce(chunkIndex)));
      cipher.updateAAD(BackupFormat.associatedData(headerDigest, chunkIndex, flags));
      int cipherLength = sealedLength + BackupFormat.TAG_BYTES;
      frame[0] = (byte) flags;
      frame[1] = (byte) (cipherLength >>> 24);
      frame[2] = (byte) (cipherLength >>> 16);
      frame[3] = (byte) (cipherLength >>> 8);
      frame[4] = (byte) cipherLength;
      cipher.doFinal(sealed, 0, sealedLength, frame, 5);
      serve(frame, 5 + cipherLength);
    } catch (GeneralSecurityException e) {
      throw new IOException("encrypting chunk " + chunkIndex + ": " + e, e);
    }
    chunkIndex++;
    done = last;
    return true;
  }

  @Override
  public void close() throws IOException {
    if (zstd != null) {
      zstd.close();
    }
    plain.close();
  }
}
