package dev.standby.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AesGcmPayloadCodecTest {
  private static final byte[] K1 = key(1);
  private static final byte[] K2 = key(2);

  private static byte[] key(int fill) {
    byte[] k = new byte[32];
    java.util.Arrays.fill(k, (byte) fill);
    return k;
  }

  private static Payload json(String text) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(text).orElseThrow();
  }

  @Test
  void encryptsUnderTheCurrentKeyNamedInTheMetadataAndDecryptsBack() {
    var codec = new AesGcmPayloadCodec(PayloadKeyRing.of("k1", Map.of("k1", K1)));
    Payload plain = json("{\"service\":\"payments\",\"comment\":\"secret approval\"}");

    Payload sealed = codec.encode(List.of(plain)).get(0);

    assertThat(sealed.getMetadataMap())
        .containsEntry("encoding", ByteString.copyFromUtf8("binary/encrypted"))
        .containsEntry("encryption-key-id", ByteString.copyFromUtf8("k1"))
        .doesNotContainKey("encoding-json");
    assertThat(sealed.getData().toString(StandardCharsets.ISO_8859_1))
        .doesNotContain("payments")
        .doesNotContain("secret approval");
    assertThat(codec.decode(List.of(sealed))).containsExactly(plain);
  }

  @Test
  void eachEncryptionOfTheSamePayloadDiffers() {
    var codec = new AesGcmPayloadCodec(PayloadKeyRing.of("k1", Map.of("k1", K1)));
    Payload plain = json("same");
    assertThat(codec.encode(List.of(plain)).get(0).getData())
        .isNotEqualTo(codec.encode(List.of(plain)).get(0).getData());
  }

  @Test
  void aRotatedRingDecryptsOldPayloadsAndEncryptsWithTheNewKey() {
    Payload plain = json("before rotation");
    Payload old =
        new AesGcmPayloadCodec(PayloadKeyRing.of("k1", Map.of("k1", K1)))
            .encode(List.of(plain))
            .get(0);
    var rotated = new AesGcmPayloadCodec(PayloadKeyRing.of("k2", Map.of("k1", K1, "k2", K2)));

    assertThat(rotated.decode(List.of(old))).containsExactly(plain);
    assertThat(rotated.encode(List.of(plain)).get(0).getMetadataMap())
        .containsEntry("encryption-key-id", ByteString.copyFromUtf8("k2"));
  }

  @Test
  void payloadsNotEncryptedPassThroughSoOldHistoriesReplay() {
    var codec = new AesGcmPayloadCodec(PayloadKeyRing.of("k1", Map.of("k1", K1)));
    Payload clear = json("recorded before encryption");
    assertThat(codec.decode(List.of(clear))).containsExactly(clear);
  }

  @Test
  void aPayloadOfAKeyNoLongerConfiguredNamesTheKey() {
    Payload old =
        new AesGcmPayloadCodec(PayloadKeyRing.of("k1", Map.of("k1", K1)))
            .encode(List.of(json("x")))
            .get(0);
    var withoutK1 = new AesGcmPayloadCodec(PayloadKeyRing.of("k2", Map.of("k2", K2)));

    assertThatThrownBy(() -> withoutK1.decode(List.of(old)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("key 'k1'")
        .hasMessageContaining("[k2]");
  }

  @Test
  void aPayloadRelabelledWithAnotherKeyIdOrAlteredDoesNotDecrypt() {
    var ring = PayloadKeyRing.of("k1", Map.of("k1", K1, "k2", K1));
    var codec = new AesGcmPayloadCodec(ring);
    Payload sealed = codec.encode(List.of(json("x"))).get(0);
    Payload relabelled =
        sealed.toBuilder().putMetadata("encryption-key-id", ByteString.copyFromUtf8("k2")).build();
    byte[] data = sealed.getData().toByteArray();
    data[data.length - 1] ^= 1;
    Payload altered = sealed.toBuilder().setData(ByteString.copyFrom(data)).build();

    assertThatThrownBy(() -> codec.decode(List.of(relabelled)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("does not decrypt with key 'k2'");
    assertThatThrownBy(() -> codec.decode(List.of(altered)))
        .isInstanceOf(PayloadCodecException.class)
        .hasMessageContaining("does not decrypt");
  }

  @Test
  void theConverterRoundTripsValuesThroughTheCodec() {
    DataConverter converter =
        StandbyDataConverters.encrypted(PayloadKeyRing.of("k1", Map.of("k1", K1)));
    Optional<io.temporal.api.common.v1.Payloads> sealed = converter.toPayloads("payments", 42);
    assertThat(sealed.orElseThrow().getPayloads(0).getMetadataMap())
        .containsKey("encryption-key-id");
    assertThat(converter.fromPayloads(1, sealed, Integer.class, Integer.class)).isEqualTo(42);
  }

  @Test
  void aFailuresMessageIsEncryptedTooAndComesBack() {
    DataConverter converter =
        StandbyDataConverters.encrypted(PayloadKeyRing.of("k1", Map.of("k1", K1)));
    var failure =
        converter.exceptionToFailure(
            io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
                "replica db-b.internal:5432 is not streaming", "NOT_A_REPLICA"));

    assertThat(failure.getMessage()).doesNotContain("db-b.internal");
    assertThat(failure.getStackTrace()).isEmpty();
    assertThat(failure.getEncodedAttributes().getMetadataMap()).containsKey("encryption-key-id");
    assertThat(failure.getApplicationFailureInfo().getType()).isEqualTo("NOT_A_REPLICA");
    assertThat(converter.failureToException(failure).getMessage()).contains("db-b.internal:5432");
  }
}
