package dev.standby.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.api.ApiTestApp;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The codec endpoint as the Temporal UI calls it: a CORS preflight without a token, then {@code
 * POST /codec/decode} with one. Without a token the UI gets 401 (and shows ciphertext).
 */
@Timeout(120)
class CodecResourceTest {
  private static final String UI = "http://127.0.0.1:8233";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path KEY_FILE = keyFile();

  @RegisterExtension
  static final ApiTestApp api =
      ApiTestApp.shared(
          Map.of(
              "temporal.encryption.currentKey",
              "k1",
              "temporal.encryption.keys.k1.file",
              KEY_FILE.toString()));

  private static Path keyFile() {
    try {
      Path file = Files.createTempFile("codec-test-key", ".b64");
      file.toFile().deleteOnExit();
      return Files.writeString(file, Base64.getEncoder().encodeToString(new byte[32]) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static final String CLEAR =
      "{\"payloads\":[{\"metadata\":{\"encoding\":\""
          + b64("json/plain")
          + "\"},\"data\":\""
          + b64("{\"service\":\"payments\"}")
          + "\"}]}";

  private Response post(String path, String token, String body) {
    return api.request(path, token)
        .header("Origin", UI)
        .header("X-Namespace", "default")
        .post(Entity.entity(body, MediaType.APPLICATION_JSON));
  }

  @Test
  void encodeEncryptsAndDecodeGivesTheSamePayloadBack() throws Exception {
    Response encoded = post("/codec/encode", ApiTestApp.VIEWER, CLEAR);
    assertThat(encoded.getStatus()).isEqualTo(200);
    String sealed = encoded.readEntity(String.class);
    JsonNode payload = JSON.readTree(sealed).path("payloads").path(0);
    assertThat(payload.path("metadata").path("encoding").asText())
        .isEqualTo(b64("binary/encrypted"));
    assertThat(payload.path("metadata").path("encryption-key-id").asText()).isEqualTo(b64("k1"));
    assertThat(
            new String(
                Base64.getDecoder().decode(payload.path("data").asText()),
                StandardCharsets.ISO_8859_1))
        .doesNotContain("payments");

    Response decoded = post("/codec/decode", ApiTestApp.VIEWER, sealed);
    assertThat(decoded.getStatus()).isEqualTo(200);
    assertThat(decoded.getHeaderString("Access-Control-Allow-Origin")).isEqualTo(UI);
    assertThat(JSON.readTree(decoded.readEntity(String.class))).isEqualTo(JSON.readTree(CLEAR));
  }

  @Test
  void aClearPayloadDecodesToItself() throws Exception {
    Response decoded = post("/codec/decode", ApiTestApp.APPROVER, CLEAR);
    assertThat(decoded.getStatus()).isEqualTo(200);
    assertThat(JSON.readTree(decoded.readEntity(String.class))).isEqualTo(JSON.readTree(CLEAR));
  }

  @Test
  void withoutATokenTheUiGets401ItCanReadAndNoPayload() throws Exception {
    String sealed = post("/codec/encode", ApiTestApp.OPERATOR, CLEAR).readEntity(String.class);

    Response refused = post("/codec/decode", null, sealed);

    assertThat(refused.getStatus()).isEqualTo(401);
    assertThat(refused.getHeaderString("Access-Control-Allow-Origin")).isEqualTo(UI);
    assertThat(refused.readEntity(String.class))
        .contains("bearer token")
        .doesNotContain("payloads");
    assertThat(post("/codec/decode", "not-a-token-of-this-api", sealed).getStatus()).isEqualTo(401);
  }

  @Test
  void thePreflightIsAnsweredWithoutATokenForTheUisOriginOnly() {
    Response preflight =
        api.request("/codec/decode", null)
            .header("Origin", UI)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization,content-type,x-namespace")
            .options();
    assertThat(preflight.getStatus()).isEqualTo(204);
    assertThat(preflight.getHeaderString("Access-Control-Allow-Origin")).isEqualTo(UI);
    assertThat(preflight.getHeaderString("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(preflight.getHeaderString("Access-Control-Allow-Methods")).contains("POST");
    assertThat(preflight.getHeaderString("Access-Control-Allow-Headers"))
        .contains("Authorization", "Content-Type", "X-Namespace");

    Response stranger =
        api.request("/codec/decode", null)
            .header("Origin", "http://evil.example")
            .header("Access-Control-Request-Method", "POST")
            .options();
    assertThat(stranger.getHeaderString("Access-Control-Allow-Origin")).isNull();
    assertThat(stranger.getHeaderString("Access-Control-Allow-Methods")).isNull();
  }

  @Test
  void aBodyThatIsNotPayloadsIsRefusedWithWhatWasExpected() {
    Response bad = post("/codec/decode", ApiTestApp.VIEWER, "{\"payload\": 1}");
    assertThat(bad.getStatus()).isEqualTo(400);
    assertThat(bad.readEntity(String.class)).contains("body: expected {\\\"payloads\\\"");
  }

  @Test
  void aPayloadOfAnUnknownKeyIsRefusedNamingTheKey() throws Exception {
    String unknownKey =
        "{\"payloads\":[{\"metadata\":{\"encoding\":\""
            + b64("binary/encrypted")
            + "\",\"encryption-key-id\":\""
            + b64("retired")
            + "\"},\"data\":\""
            + b64("0123456789abcdef0123")
            + "\"}]}";
    Response refused = post("/codec/decode", ApiTestApp.VIEWER, unknownKey);
    assertThat(refused.getStatus()).isEqualTo(422);
    assertThat(refused.readEntity(String.class)).contains("key 'retired'");
  }
}
