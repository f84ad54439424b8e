package dev.standby.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class EncryptedStreamTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final BackupKey KEY = key("k1", 7);

  static BackupKey key(String id, int seed) {
    byte[] material = new byte[32];
    new Random(seed).nextBytes(material);
    return new BackupKey(id, material);
  }

  static KeyProvider provider(BackupKey key) {
    return new KeyProvider() {
      @Override
      public BackupKey current() {
        return key;
      }

      @Override
      public BackupKey byId(String id) {
        if (!id.equals(key.id())) {
          throw new WrongKeyException("no key '" + id + "'");
        }
        return key;
      }
    };
  }

  static byte[] encrypt(byte[] plain, BackupKey key) throws IOException {
    return encrypt(plain, key, 1);
  }

  static byte[] encrypt(byte[] plain, BackupKey key, int zstdLevel) throws IOException {
    try (InputStream in =
        new EncryptingInputStream(new ByteArrayInputStream(plain), key, RANDOM, zstdLevel)) {
      return in.readAllBytes();
    }
  }

  /** Flags of every chunk frame, walking the stream from the header. */
  static List<Integer> chunkFlags(byte[] encrypted) {
    List<Integer> flags = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(encrypted);
    b.position(4 + 1);
    int idLength = b.get() & 0xff;
    b.position(b.position() + idLength + BackupFormat.SALT_BYTES + BackupFormat.CHECK_BYTES + 4);
    while (b.hasRemaining()) {
      flags.add(b.get() & 0xff);
      int length = b.getInt();
      b.position(b.position() + length);
    }
    return flags;
  }

  static byte[] decrypt(byte[] encrypted, KeyProvider keys) throws IOException {
    try (InputStream in =
        new DecryptingInputStream(new ByteArrayInputStream(encrypted), keys, "test-copy")) {
      return in.readAllBytes();
    }
  }

  @Test
  void roundTripsEverySizeAroundTheChunkBoundary() throws IOException {
    int chunk = BackupFormat.CHUNK_SIZE;
    for (int size : new int[] {0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk + 17}) {
      byte[] plain = new byte[size];
      new Random(size).nextBytes(plain);
      byte[] encrypted = encrypt(plain, KEY);
      assertThat(decrypt(encrypted, provider(KEY))).as("size %d", size).isEqualTo(plain);
      assertThat(encrypted.length).isGreaterThan(size);
    }
  }

  @Test
  void compressibleChunksAreStoredCompressedAndRandomOnesAsTheyAre() throws IOException {
    byte[] text =
        "INSERT INTO orders VALUES (42, 'customer-42', 'paid');\n"
            .repeat(50_000)
            .getBytes(StandardCharsets.UTF_8); // 2.7 MB: two full chunks and a partial one
    byte[] random = new byte[BackupFormat.CHUNK_SIZE + 5];
    new Random(3).nextBytes(random);

    byte[] packedText = encrypt(text, KEY);
    byte[] packedRandom = encrypt(random, KEY);

    assertThat(decrypt(packedText, provider(KEY))).isEqualTo(text);
    assertThat(packedText.length).isLessThan(text.length / 20);
    assertThat(chunkFlags(packedText))
        .containsExactly(
            BackupFormat.COMPRESSED,
            BackupFormat.COMPRESSED,
            BackupFormat.COMPRESSED | BackupFormat.LAST);
    assertThat(decrypt(packedRandom, provider(KEY))).isEqualTo(random);
    assertThat(chunkFlags(packedRandom)).containsExactly(0, BackupFormat.LAST);
    assertThat(packedRandom.length)
        .isLessThan(random.length + 200); // header and two frames, no zstd expansion
  }

  @Test
  void levelZeroStoresEveryChunkUncompressed() throws IOException {
    byte[] text = "aaaa".repeat(600_000).getBytes(StandardCharsets.UTF_8);
    byte[] encrypted = encrypt(text, KEY, 0);
    assertThat(chunkFlags(encrypted)).containsExactly(0, 0, BackupFormat.LAST);
    assertThat(decrypt(encrypted, provider(KEY))).isEqualTo(text);
  }

  @Test
  void aFlagTurnedOnOrOffFailsAuthentication() throws IOException {
    byte[] encrypted = encrypt("abc".repeat(1000).getBytes(StandardCharsets.UTF_8), KEY);
    int header = 4 + 2 + 2 + BackupFormat.SALT_BYTES + BackupFormat.CHECK_BYTES + 4;
    assertThat(encrypted[header]).isEqualTo((byte) (BackupFormat.COMPRESSED | BackupFormat.LAST));
    encrypted[header] = BackupFormat.LAST; // "not compressed": zstd bytes would reach pg_restore
    assertThatThrownBy(() -> decrypt(encrypted, provider(KEY)))
        .isInstanceOf(CorruptBackupException.class)
        .hasMessageContaining("chunk 0 at byte")
        .hasMessageContaining("fails authentication");
  }

  @Test
  void aVersionOneBackupWrittenWithTheJdkCipherStillDecrypts() throws Exception {
    byte[] plain = new byte[BackupFormat.CHUNK_SIZE + 1000];
    new Random(9).nextBytes(plain);
    assertThat(decrypt(versionOne(plain, KEY), provider(KEY))).isEqualTo(plain);
  }

  /**
   * The project builds and runs on Linux x86_64, the native provider's bundled build: it must load
   * there.
   */
  @Test
  void theFastNativeCipherIsTheOneInUse() {
    assertThat(AesGcm.cipher().getProvider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
  }

  /**
   * What version 1 wrote (before per-chunk zstd), made independently here with the JDK's own
   * AES-GCM.
   */
  private static byte[] versionOne(byte[] plain, BackupKey key) throws Exception {
    byte[] salt = new byte[BackupFormat.SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] id = key.id().getBytes(StandardCharsets.UTF_8);
    ByteBuffer header =
        ByteBuffer.allocate(4 + 2 + id.length + salt.length + BackupFormat.CHECK_BYTES + 4)
            .put(BackupFormat.MAGIC)
            .put((byte) 1)
            .put((byte) id.length)
            .put(id)
            .put(salt)
            .put(BackupFormat.keyCheck(key.material(), salt))
            .putInt(BackupFormat.CHUNK_SIZE);
    byte[] headerBytes = header.array();
    byte[] digest = BackupFormat.sha256(headerBytes);
    SecretKeySpec dataKey = new SecretKeySpec(BackupFormat.dataKey(key.material(), salt), "AES");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(headerBytes);
    Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
    for (int at = 0, index = 0; at < plain.length; at += BackupFormat.CHUNK_SIZE, index++) {
      int length = Math.min(BackupFormat.CHUNK_SIZE, plain.length - at);
      boolean last = at + length == plain.length;
      jdk.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(128, BackupFormat.nonce(index)));
      jdk.updateAAD(BackupFormat.associatedData(digest, index, last ? 1 : 0));
      byte[] sealed = jdk.doFinal(plain, at, length);
      out.write(last ? 1 : 0);
      out.write(ByteBuffer.allocate(4).putInt(sealed.length).array());
      out.write(sealed);
    }
    return out.toByteArray();
  }

  @Test
  void theSamePlaintextEncryptsDifferentlyEachTime() throws IOException {
    byte[] plain = "orders".getBytes();
    assertThat(encrypt(plain, KEY)).isNotEqualTo(encrypt(plain, KEY));
  }

  @Test
  void aKeyWithTheRightIdButOtherBytesIsRejectedAsAWrongKeyBeforeAnyDecryption()
      throws IOException {
    byte[] encrypted = encrypt(new byte[5000], KEY);
    assertThatThrownBy(() -> decrypt(encrypted, provider(key("k1", 8))))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining(
            "the key configured as 'k1' is not the key this backup was encrypted with");
  }

  @Test
  void aBackupOfAnotherKeyIdNamesBothIds() throws IOException {
    byte[] encrypted = encrypt(new byte[10], KEY);
    EnvKeyProvider configured =
        new EnvKeyProvider(
            "k2",
            "BACKUP_KEY",
            Map.of("BACKUP_KEY", Base64.getEncoder().encodeToString(new byte[32]))::get);
    assertThatThrownBy(() -> decrypt(encrypted, configured))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("encrypted with key 'k1'")
        .hasMessageContaining("configured key is 'k2'");
  }

  @Test
  void aFlippedBitInTheDataIsCorruptionAtItsChunk() throws IOException {
    byte[] encrypted =
        encrypt(new byte[2 * BackupFormat.CHUNK_SIZE + 10], KEY, 0); // uncompressed: known offsets
    encrypted[encrypted.length - 100] ^=
        1; // inside chunk 1: the last chunk (2) holds only 10 bytes
    assertThatThrownBy(() -> decrypt(encrypted, provider(KEY)))
        .isInstanceOf(CorruptBackupException.class)
        .hasMessageContaining("chunk 1 at byte")
        .hasMessageContaining("fails authentication");
  }

  @Test
  void aCopyCutShortAtAChunkBoundaryIsCaughtByTheMissingLastChunk() throws IOException {
    byte[] encrypted =
        encrypt(new byte[2 * BackupFormat.CHUNK_SIZE + 10], KEY, 0); // uncompressed: known offsets
    int header = 4 + 2 + 2 + BackupFormat.SALT_BYTES + BackupFormat.CHECK_BYTES + 4;
    int firstChunk = 5 + BackupFormat.CHUNK_SIZE + BackupFormat.TAG_BYTES;
    byte[] cut = Arrays.copyOf(encrypted, header + firstChunk);
    assertThatThrownBy(() -> decrypt(cut, provider(KEY)))
        .isInstanceOf(CorruptBackupException.class)
        .hasMessageContaining("the last chunk is missing");
  }

  @Test
  void somethingElseEntirelyIsNotABackup() {
    assertThatThrownBy(() -> decrypt("PGDMP not encrypted".getBytes(), provider(KEY)))
        .isInstanceOf(CorruptBackupException.class)
        .hasMessageContaining("not a Standby backup");
  }

  @Test
  void anEnvKeyThatIsNotThirtyTwoBytesSaysSo() {
    EnvKeyProvider shortKey =
        new EnvKeyProvider(
            "k1",
            "BACKUP_KEY",
            Map.of("BACKUP_KEY", Base64.getEncoder().encodeToString(new byte[16]))::get);
    assertThatThrownBy(shortKey::current)
        .hasMessageContaining("BACKUP_KEY decodes to 16 bytes, AES-256 needs 32");
    EnvKeyProvider unset = new EnvKeyProvider("k1", "BACKUP_KEY", name -> null);
    assertThatThrownBy(unset::current)
        .hasMessageContaining("environment variable BACKUP_KEY is not set");
  }
}
