package dev.standby.adapters.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
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
    try (InputStream in = new EncryptingInputStream(new ByteArrayInputStream(plain), key, RANDOM)) {
      return in.readAllBytes();
    }
  }

  static byte[] decrypt(byte[] encrypted, KeyProvider keys) throws IOException {
    try (InputStream in = new DecryptingInputStream(new ByteArrayInputStream(encrypted), keys, "test-copy")) {
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
  void theSamePlaintextEncryptsDifferentlyEachTime() throws IOException {
    byte[] plain = "orders".getBytes();
    assertThat(encrypt(plain, KEY)).isNotEqualTo(encrypt(plain, KEY));
  }

  @Test
  void aKeyWithTheRightIdButOtherBytesIsRejectedAsAWrongKeyBeforeAnyDecryption() throws IOException {
    byte[] encrypted = encrypt(new byte[5000], KEY);
    assertThatThrownBy(() -> decrypt(encrypted, provider(key("k1", 8))))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("the key configured as 'k1' is not the key this backup was encrypted with");
  }

  @Test
  void aBackupOfAnotherKeyIdNamesBothIds() throws IOException {
    byte[] encrypted = encrypt(new byte[10], KEY);
    EnvKeyProvider configured = new EnvKeyProvider("k2", "BACKUP_KEY",
        Map.of("BACKUP_KEY", Base64.getEncoder().encodeToString(new byte[32]))::get);
    assertThatThrownBy(() -> decrypt(encrypted, configured))
        .isInstanceOf(WrongKeyException.class)
        .hasMessageContaining("encrypted with key 'k1'").hasMessageContaining("configured key is 'k2'");
  }

  @Test
  void aFlippedBitInTheDataIsCorruptionAtItsChunk() throws IOException {
    byte[] encrypted = encrypt(new byte[2 * BackupFormat.CHUNK_SIZE + 10], KEY);
    encrypted[encrypted.length - 100] ^= 1; // inside chunk 1: the last chunk (2) holds only 10 bytes
    assertThatThrownBy(() -> decrypt(encrypted, provider(KEY)))
        .isInstanceOf(CorruptBackupException.class)
        .hasMessageContaining("chunk 1 at byte").hasMessageContaining("fails authentication");
  }

  @Test
  void aCopyCutShortAtAChunkBoundaryIsCaughtByTheMissingLastChunk() throws IOException {
    byte[] encrypted = encrypt(new byte[2 * BackupFormat.CHUNK_SIZE + 10], KEY);
    int header = 4 + 2 + 2 + BackupFormat.SALT_BYTES + BackupFormat.CHECK_BYTES + 4;
    int firstChunk = 5 + BackupFormat.CHUNK_SIZE + BackupFormat.TAG_BYTES;
    byte[] cut = Arrays.copyOf(encrypted, header + firstChunk);
    assertThatThrownBy(() -> decrypt(cut, provider(KEY)))
        .isInstanceOf(CorruptBackupException.class).hasMessageContaining("the last chunk is missing");
  }

  @Test
  void somethingElseEntirelyIsNotABackup() {
    assertThatThrownBy(() -> decrypt("PGDMP not encrypted".getBytes(), provider(KEY)))
        .isInstanceOf(CorruptBackupException.class).hasMessageContaining("not a Standby backup");
  }

  @Test
  void anEnvKeyThatIsNotThirtyTwoBytesSaysSo() {
    EnvKeyProvider shortKey = new EnvKeyProvider("k1", "BACKUP_KEY",
        Map.of("BACKUP_KEY", Base64.getEncoder().encodeToString(new byte[16]))::get);
    assertThatThrownBy(shortKey::current).hasMessageContaining("BACKUP_KEY decodes to 16 bytes, AES-256 needs 32");
    EnvKeyProvider unset = new EnvKeyProvider("k1", "BACKUP_KEY", name -> null);
    assertThatThrownBy(unset::current).hasMessageContaining("environment variable BACKUP_KEY is not set");
  }
}
