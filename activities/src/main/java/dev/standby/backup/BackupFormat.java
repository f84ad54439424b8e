package dev.standby.backup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encrypted stream's layout ("SBK1"), shared by {@link EncryptingInputStream} and {@link
 * DecryptingInputStream}:
 *
 * <pre>
 * header: "SBK1" | version (1 byte) | key id length (1 byte) | key id (UTF-8) | salt (32) | key check (16) | chunk size (4)
 * chunk:  flags (1 byte) | ciphertext length (4) | AES-256-GCM ciphertext with its 16-byte tag
 * </pre>
 *
 * Flags: bit 0, the last chunk; bit 1 (version 2), the chunk's plaintext is one zstd frame of at
 * most chunk-size bytes once decompressed. Version 1 streams (no compression flag; the dump itself
 * zlib-compressed by pg_dump) are still read.
 *
 * <p>Each backup gets its own data key, HKDF-SHA256 of the master key and a random salt, so nonces
 * can be the chunk index. Each chunk's associated data is the header's SHA-256, the chunk index and
 * the flags: a reordered, dropped or truncated chunk, a changed flag or a changed header fails
 * authentication. The key check (also from HKDF) tells a wrong key from a corrupted copy before any
 * chunk is tried.
 */
final class BackupFormat {
  static final byte[] MAGIC = "SBK1".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 2;
  static final int LAST = 1;
  static final int COMPRESSED = 2;
  static final int MAX_ZSTD_LEVEL = 19;
  static final int SALT_BYTES = 32;
  static final int CHECK_BYTES = 16;
  static final int TAG_BYTES = 16;
  static final int NONCE_BYTES = 12;

  /** Plaintext per chunk: memory per stream is a few of these, whatever the database's size. */
  static final int CHUNK_SIZE = 1024 * 1024;

  /** The flags a chunk of {@code version} may carry. */
  static int allowedFlags(int version) {
    return version == 1 ? LAST : LAST | COMPRESSED;
  }

  private BackupFormat() {}

  static byte[] dataKey(byte[] master, byte[] salt) {
    return hkdf(master, salt, "standby-backup data key", 32);
  }

  static byte[] keyCheck(byte[] master, byte[] salt) {
    return hkdf(master, salt, "standby-backup key check", CHECK_BYTES);
  }

  static byte[] nonce(long chunkIndex) {
    return ByteBuffer.allocate(NONCE_BYTES).putInt(0).putLong(chunkIndex).array();
  }

  /** For version 1 the flags are 0 or 1, the byte that version authenticated as "last". */
  static byte[] associatedData(byte[] headerDigest, long chunkIndex, int flags) {
    return ByteBuffer.allocate(headerDigest.length + 9)
        .put(headerDigest)
        .putLong(chunkIndex)
        .put((byte) flags)
        .array();
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 5869 extract-and-expand; {@code length} is at most 32 here, so one HMAC block. */
  private static byte[] hkdf(byte[] ikm, byte[] salt, String info, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt, "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      mac.update(info.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 1);
      byte[] okm = mac.doFinal();
      byte[] out = new byte[length];
      System.arraycopy(okm, 0, out, 0, length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
