package dev.standby.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a start with a bad TLS setup says, before any connection is tried. */
@Timeout(60)
class TemporalConnectionOptionsTest {
  @TempDir static Path dir;
  static TestPki.Issued ca;
  static TestPki.Issued client;

  @BeforeAll
  static void certificates() {
    TestPki pki = new TestPki(dir);
    ca = pki.ca("test-ca");
    client = pki.client("worker", ca);
  }

  private static TemporalAccess mtls(Secret key) {
    return new TemporalAccess(
        "127.0.0.1:7233",
        "default",
        new TemporalTls(ca.cert(), client.cert(), key, null),
        null,
        null);
  }

  private static Secret keyFile(Path file) {
    return Secret.file("temporal.tls.clientKeyFile", file);
  }

  @Test
  void aGoodClientCertificateAndKeyBuildTlsOptions() {
    var options = TemporalConnectionOptions.builder(mtls(keyFile(client.key())), k -> null).build();
    assertThat(options.getSslContext()).isNotNull();
    assertThat(options.getTarget()).isEqualTo("127.0.0.1:7233");
  }

  @Test
  void theKeyMayComeFromAnEnvironmentVariable() throws Exception {
    String pem = Files.readString(client.key());
    var options =
        TemporalConnectionOptions.builder(
                mtls(Secret.env("temporal.tls.clientKeyEnv", "KEY")), Map.of("KEY", pem)::get)
            .build();
    assertThat(options.getSslContext()).isNotNull();
  }

  @Test
  void anExpiredClientCertificateIsNamedWithItsDate() {
    Clock inTenDays = Clock.fixed(Instant.now().plus(Duration.ofDays(10)), ZoneOffset.UTC);
    assertThatThrownBy(
            () ->
                TemporalConnectionOptions.builder(
                    mtls(keyFile(client.key())), k -> null, inTenDays))
        .isInstanceOf(TemporalSetupException.class)
        .hasMessageStartingWith(
            "temporal.tls.clientCert: the certificate in "
                + client.cert()
                + " (CN=worker) expired on ");
  }

  @Test
  void anUnreadableOrWrongKeyFileIsNamed() throws Exception {
    Path missing = dir.resolve("missing.key");
    assertThatThrownBy(() -> TemporalConnectionOptions.builder(mtls(keyFile(missing)), k -> null))
        .hasMessage("temporal.tls.clientKeyFile: cannot read " + missing + " (no such file)");

    Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"), "hello\n");
    assertThatThrownBy(() -> TemporalConnectionOptions.builder(mtls(keyFile(notAKey)), k -> null))
        .hasMessageStartingWith(
            "temporal.tls.clientKeyFile: file "
                + notAKey
                + " does not hold an unencrypted PKCS#8 PEM private key");
  }

  @Test
  void aCaFileThatHoldsNoCertificateIsNamed() throws Exception {
    Path notPem = Files.writeString(dir.resolve("ca-typo.pem"), "not a certificate\n");
    var access =
        new TemporalAccess(
            "127.0.0.1:7233", "default", new TemporalTls(notPem, null, null, null), null, null);
    assertThatThrownBy(() -> TemporalConnectionOptions.builder(access, k -> null))
        .isInstanceOf(TemporalSetupException.class)
        .hasMessageStartingWith("temporal.tls.caCert: " + notPem);
  }

  @Test
  void anApiKeyAloneTurnsTlsOnWithTheSystemTrust() {
    var access =
        new TemporalAccess(
            "ns.acct.tmprl.cloud:7233",
            "ns.acct",
            null,
            Secret.env("temporal.apiKeyEnv", "TEMPORAL_API_KEY"),
            null);
    var options =
        TemporalConnectionOptions.builder(access, Map.of("TEMPORAL_API_KEY", "k")::get).build();
    assertThat(options.getEnableHttps()).isTrue();
    assertThat(options.getGrpcMetadataProviders()).isNotEmpty();
    assertThatThrownBy(() -> TemporalConnectionOptions.builder(access, k -> null))
        .hasMessage("temporal.apiKeyEnv: environment variable TEMPORAL_API_KEY is not set");
  }
}
