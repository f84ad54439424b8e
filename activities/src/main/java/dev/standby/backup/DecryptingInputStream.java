package dev.standby.backup;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads a {@link BackupFormat} stream and yields the plaintext, releasing a chunk only after its
 * tag checked out: a reader (pg_restore) never sees a byte of a corrupted chunk. A wrong key fails
 * at the header with {@link WrongKeyException}; damaged or cut-short data with {@link
 * CorruptBackupException}, saying where.
 */
public final class DecryptingInputStream extends ChunkedInputStream {
  private final DataInputStream in;
  private final String source;
  private final String keyId;
  private final SecretKeySpec dataKey;
  private final byte[] headerDigest;
  private final Cipher cipher;
  private long chunkIndex;
  private long offset;
  private boolean done;
  private final int version;
  private ZstdDecompressCtx zstd;
  private byte[] opened = new byte[0]; // a chunk's decrypted bytes, compressed or not
  private byte[] unpacked; // a compressed chunk's plaintext
  private byte[] cipherText = new byte[0];

  /** Reads and checks the header now: a wrong key is reported before anything else happens. */
  public DecryptingInputStream(InputStream encrypted, KeyProvider keys, String source)
      throws IOException {
    this.in = new DataInputStream(encrypted);
    this.source = source;
    byte[] magic = readHeaderBytes(4);
    if (!Arrays.equals(magic, BackupFormat.MAGIC)) {
      throw new CorruptBackupException(source + ": not a Standby backup (no SBK1 header)");
    }
    int version = readHeaderBytes(1)[0];
    if (version < 1 || version > BackupFormat.VERSION) {
      throw new CorruptBackupException(
          source
              + ": backup format version "
              + version
              + " is not supported (1 to "
              + BackupFormat.VERSION
              + " are)");
    }
    this.version = version;
    int idLength = readHeaderBytes(1)[0] & 0xff;
    byte[] id = readHeaderBytes(idLength);
    byte[] salt = readHeaderBytes(BackupFormat.SALT_BYTES);
    byte[] check = readHeaderBytes(BackupFormat.CHECK_BYTES);
    byte[] chunkSize = readHeaderBytes(4);
    this.keyId = new String(id, StandardCharsets.UTF_8);
    byte[] master = keys.byId(keyId).material();
    try {
      if (!MessageDigest.isEqual(check, BackupFormat.keyCheck(master, salt))) {
        throw new WrongKeyException(
            source
                + ": the key configured as '"
                + keyId
                + "' is not the key this backup was encrypted with (key check failed); nothing was decrypted");
      }
      this.dataKey = new SecretKeySpec(BackupFormat.dataKey(master, salt), "AES");
    } finally {
      Arrays.fill(master, (byte) 0);
    }
    this.headerDigest =
        BackupFormat.sha256(
            concat(
                BackupFormat.MAGIC,
                new byte[] {(byte) version, (byte) idLength},
                id,
                salt,
                check,
                chunkSize));
    offset = 4 + 2 + idLength + BackupFormat.SALT_BYTES + BackupFormat.CHECK_BYTES + 4;
    this.cipher = AesGcm.cipher();
  }

  public String keyId() {
    return keyId;
  }

  /** A chunk is served only after its tag checked out. */
  @Override
  protected boolean nextChunk() throws IOException {
    if (done) {
      return false;
    }
    int flags = in.read();
    if (flags < 0) {
      throw new CorruptBackupException(
          source
              + ": cut short after chunk "
              + (chunkIndex - 1)
              + " (byte "
              + offset
              + "): the last chunk is missing");
    }
    int length;
    try {
      length = in.readInt();
    } catch (EOFException e) {
      throw new CorruptBackupException(
          source + ": cut short in chunk " + chunkIndex + " (byte " + offset + ")");
    }
    if (length < BackupFormat.TAG_BYTES
        || length > BackupFormat.CHUNK_SIZE + BackupFormat.TAG_BYTES
        || (flags & ~BackupFormat.allowedFlags(version)) != 0) {
      throw new CorruptBackupException(
          source
              + ": chunk "
              + chunkIndex
              + " at byte "
              + offset
              + " has a damaged frame (flags "
              + flags
              + ", length "
              + length
              + ")");
    }
    if (cipherText.length < length) {
      cipherText = new byte[length];
    }
    int got = in.readNBytes(cipherText, 0, length);
    if (got < length) {
      throw new CorruptBackupException(
          source + ": cut short in chunk " + chunkIndex + " (byte " + offset + ")");
    }
    boolean last = (flags & BackupFormat.LAST) != 0;
    int openedLength;
    try {
      cipher.init(
          Cipher.DECRYPT_MODE, dataKey, new GCMParameterSpec(128, BackupFormat.nonce(chunkIndex)));
      cipher.updateAAD(BackupFormat.associatedData(headerDigest, chunkIndex, flags));
      if (opened.length < length - BackupFormat.TAG_BYTES) {
        opened = new byte[length - BackupFormat.TAG_BYTES];
      }
      openedLength = cipher.doFinal(cipherText, 0, length, opened, 0);
    } catch (AEADBadTagException e) {
      throw new CorruptBackupException(
          source
              + ": chunk "
              + chunkIndex
              + " at byte "
              + offset
              + " fails authentication: the copy is corrupted (the key is right: its check passed)");
    } catch (GeneralSecurityException e) {
      throw new IOException(source + ": decrypting chunk " + chunkIndex + ": " + e, e);
    }
    if ((flags & BackupFormat.COMPRESSED) != 0) {
      int unpackedLength = decompress(openedLength); // allocates unpacked the first time
      serve(unpacked, unpackedLength);
    } else {
      serve(opened, openedLength);
    }
    offset += 5 + length;
    chunkIndex++;
    if (last) {
      done = true;
      if (in.read() >= 0) {
        throw new CorruptBackupException(
            source + ": bytes after the last chunk (byte " + offset + ")");
      }
    }
    return true;
  }

  /**
   * Authenticated bytes that do not decompress can only come from a broken writer, but still say
   * where.
   */
  private int decompress(int compressedLength) throws CorruptBackupException {
    if (zstd == null) {
      zstd = new ZstdDecompressCtx();
      unpacked = new byte[BackupFormat.CHUNK_SIZE];
    }
    try {
      return zstd.decompressByteArray(unpacked, 0, unpacked.length, opened, 0, compressedLength);
    } catch (ZstdException e) {
      throw new CorruptBackupException(
          source
              + ": chunk "
              + chunkIndex
              + " at byte "
              + offset
              + " does not decompress: "
              + e.getMessage());
    }
  }

  private byte[] readHeaderBytes(int n) throws IOException {
    byte[] b = new byte[n];
    if (in.readNBytes(b, 0, n) < n) {
      throw new CorruptBackupException(source + ": not a Standby backup (the header is cut short)");
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    int total = 0;
    for (byte[] p : parts) {
      total += p.length;
    }
    byte[] all = new byte[total];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  @Override
  public void close() throws IOException {
    if (zstd != null) {
      zstd.close();
    }
    in.close();
  }
}
