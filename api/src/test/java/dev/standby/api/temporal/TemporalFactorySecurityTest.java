package dev.standby.api.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.api.StandbyApiConfiguration;
import dev.standby.temporal.Secret;
import dev.standby.temporal.TemporalAccess;
import dev.standby.temporal.TemporalSetupException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** config.yml's TLS, API key and encryption settings, as the API reads them at start. */
@Timeout(60)
class TemporalFactorySecurityTest {
  private static final ObjectMapper MAPPER =
      Jackson.newObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());

  @TempDir Path dir;

  private static TemporalFactory temporal(String yaml) throws Exception {
    return MAPPER.readValue(yaml, TemporalFactory.class);
  }

  /**
   * The shipped api/config.yml with no variable set: plaintext, clear payloads, the UI's origin.
   */
  @Test
  void theShippedConfigWithNothingSetIsPlaintextAndClear() throws Exception {
    Path shipped = Path.of("config.yml");
    String text = new StringSubstitutor(Map.of()).replace(Files.readString(shipped));
    StandbyApiConfiguration config =
        new YamlConfigurationFactory<>(
                StandbyApiConfiguration.class,
                Validators.newValidator(),
                Jackson.newObjectMapper(),
                "dw")
            .build(path -> new java.io.ByteArrayInputStream(text.getBytes()), "config.yml");

    TemporalAccess access = config.getTemporal().access();
    assertThat(access.tls()).isNull();
    assertThat(access.apiKey()).isNull();
    assertThat(access.encryption()).isNull();
    assertThat(config.getTemporal().getCodecOrigins()).containsExactly("http://127.0.0.1:8233");
  }

  @Test
  void theShippedConfigTakesItsKeyFromTheEnvironmentWhenACurrentKeyIsSet() throws Exception {
    String text =
        new StringSubstitutor(Map.of("STANDBY_PAYLOAD_CURRENT_KEY", "k1"))
            .replace(Files.readString(Path.of("config.yml")));
    StandbyApiConfiguration config =
        new YamlConfigurationFactory<>(
                StandbyApiConfiguration.class,
                Validators.newValidator(),
                Jackson.newObjectMapper(),
                "dw")
            .build(path -> new java.io.ByteArrayInputStream(text.getBytes()), "config.yml");

    assertThat(config.getTemporal().access().encryption().keys())
        .containsExactly(
            Map.entry(
                "k1", Secret.env("temporal.encryption.keys.k1.env", "STANDBY_PAYLOAD_KEY_K1")));
  }

  @Test
  void aMissingCaFileOrTwoSourcesForOneSecretAreNamed() throws Exception {
    Path missing = dir.resolve("ca.pem");
    assertThatThrownBy(() -> temporal("tls: {caCert: " + missing + "}").access())
        .isInstanceOf(TemporalSetupException.class)
        .hasMessage("temporal.tls.caCert: no such file: " + missing);

    Path key = Files.writeString(dir.resolve("api.key"), "k");
    assertThatThrownBy(
            () -> temporal("{apiKeyFile: " + key + ", apiKeyEnv: TEMPORAL_API_KEY}").access())
        .hasMessage("temporal.apiKeyEnv: give apiKeyFile or apiKeyEnv, not both");
  }

  @Test
  void aCertificateWithoutItsKeyAndAnUnknownCurrentKeyAreNamed() throws Exception {
    Path cert = Files.writeString(dir.resolve("api.pem"), "x");
    assertThatThrownBy(() -> temporal("tls: {clientCert: " + cert + "}").access())
        .hasMessage(
            "temporal.tls.clientKeyFile: a client certificate needs its key (clientKeyFile or"
                + " clientKeyEnv)");
    assertThatThrownBy(
            () -> temporal("encryption: {currentKey: k2, keys: {k1: {env: K1}}}").access())
        .hasMessage("temporal.encryption.currentKey: 'k2' is not one of the keys [k1]");
  }
}
