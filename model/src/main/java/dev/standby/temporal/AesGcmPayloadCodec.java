package dev.standby.temporal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts each payload whole (metadata and data) with AES-256-GCM under the ring's current key,
 * naming the key in the new payload's metadata so a rotated ring still decrypts it. Payloads not
 * encrypted by this codec pass through, so histories recorded before encryption still replay.
 */
public final class AesGcmPayloadCodec implements PayloadCodec {
  public static final String ENCODING = "binary/encrypted";
  public static final String KEY_ID = "encryption-key-id";
  static final String CIPHER = "AES/GCM/NoPadding";
  private static final String ENCODING_KEY = "encoding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final PayloadKeyRing keys;
  private final SecureRandom random = new SecureRandom();

  public AesGcmPayloadCodec(PayloadKeyRing keys) {
    this.keys = keys;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  public static boolean isEncrypted(Payload p) {
    ByteString encoding = p.getMetadataOrDefault(ENCODING_KEY, ByteString.EMPTY);
    return encoding.toStringUtf8().equals(ENCODING);
  }

  private Payload encrypt(Payload plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    String id = keys.currentId();
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, keys.current(), nonce, id);
      byte[] sealed = c.doFinal(plain.toByteArray());
      return Payload.newBuilder()
          .putMetadata(ENCODING_KEY, ByteString.copyFromUtf8(ENCODING))
          .putMetadata(KEY_ID, ByteString.copyFromUtf8(id))
          .setData(
              ByteString.copyFrom(
                  ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(e);
    }
  }

  private Payload decrypt(Payload p) {
    if (!isEncrypted(p)) {
      return p;
    }
    String id = p.getMetadataOrDefault(KEY_ID, ByteString.EMPTY).toStringUtf8();
    SecretKey key = keys.key(id);
    if (key == null) {
      throw new PayloadCodecException(
          "payload encrypted with key '"
              + id
              + "', which is not among the configured keys "
              + keys.ids()
              + " (keep retired keys configured while histories hold their payloads)");
    }
    byte[] data = p.getData().toByteArray();
    if (data.length <= NONCE_BYTES) {
      throw new PayloadCodecException("encrypted payload too short: " + data.length + " bytes");
    }
    try {
      Cipher c = cipher(Cipher.DECRYPT_MODE, key, java.util.Arrays.copyOf(data, NONCE_BYTES), id);
      byte[] plain = c.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return Payload.parseFrom(plain);
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(
          "payload does not decrypt with key '" + id + "' (a different key under that id?)", e);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException("decrypted payload is not a payload", e);
    }
  }

  /** The key id is authenticated data: moving a payload to another id's name fails to decrypt. */
  private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String keyId)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance(CIPHER);
    c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    c.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
    return c;
  }
}
