package dev.standby.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class PayloadKeyRingTest {
  @TempDir Path dir;

  private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

  @Test
  void readsKeysFromFilesAndEnvironmentVariables() throws Exception {
    Path file = Files.writeString(dir.resolve("k1"), KEY + "\n");
    var encryption =
        new PayloadEncryption(
            "k2",
            Map.of(
                "k1", Secret.file("temporal.encryption.keys.k1.file", file),
                "k2", Secret.env("temporal.encryption.keys.k2.env", "K2")));

    PayloadKeyRing ring = PayloadKeyRing.read(encryption, Map.of("K2", KEY)::get);

    assertThat(ring.currentId()).isEqualTo("k2");
    assertThat(ring.ids()).containsExactlyInAnyOrder("k1", "k2");
    assertThat(ring.key("k1").getEncoded()).hasSize(32);
  }

  @Test
  void aKeyOfTheWrongLengthNamesItsFieldAndTheFixButNotTheValue() {
    var encryption =
        new PayloadEncryption(
            "k1", Map.of("k1", Secret.env("temporal.encryption.keys.k1.env", "K1")));
    String short16 = Base64.getEncoder().encodeToString(new byte[16]);

    assertThatThrownBy(() -> PayloadKeyRing.read(encryption, Map.of("K1", short16)::get))
        .isInstanceOf(TemporalSetupException.class)
        .hasMessage(
            "temporal.encryption.keys.k1.env: environment variable K1 holds 16 bytes, an AES-256"
                + " key is 32 (make one with: openssl rand -base64 32)");
    assertThatThrownBy(() -> PayloadKeyRing.read(encryption, Map.of("K1", "not base64!")::get))
        .hasMessageContaining("is not base64")
        .hasMessageNotContaining("not base64!");
    assertThatThrownBy(() -> PayloadKeyRing.read(encryption, Map.<String, String>of()::get))
        .hasMessage("temporal.encryption.keys.k1.env: environment variable K1 is not set");
  }

  @Test
  void anUnreadableKeyFileIsNamed() {
    Path missing = dir.resolve("nope");
    var encryption =
        new PayloadEncryption(
            "k1", Map.of("k1", Secret.file("temporal.encryption.keys.k1.file", missing)));
    assertThatThrownBy(() -> PayloadKeyRing.read(encryption, k -> null))
        .hasMessage("temporal.encryption.keys.k1.file: cannot read " + missing + " (no such file)");
  }
}
