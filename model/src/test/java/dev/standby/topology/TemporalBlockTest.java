package dev.standby.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.standby.temporal.Secret;
import dev.standby.temporal.TemporalAccess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology's {@code temporal} block: TLS, API key and encryption, secrets by reference only.
 */
@Timeout(30)
class TemporalBlockTest {
  private static final String SERVICES = TopologyErrorPositionsTest.GOOD;

  @TempDir Path dir;

  @Test
  void noSecurityMeansPlaintextAndClearPayloads() throws IOException {
    TemporalAccess access = TopologyLoader.load(write("")).temporal().access();
    assertThat(access.tls()).isNull();
    assertThat(access.apiKey()).isNull();
    assertThat(access.encryption()).isNull();
    assertThat(access.usesTls()).isFalse();
  }

  @Test
  void tlsFilesAreResolvedFromTheTopologysFolderAndSecretsNamedBySource() throws IOException {
    Files.writeString(dir.resolve("ca.pem"), "x");
    Files.writeString(dir.resolve("worker.pem"), "x");
    Path key = Files.writeString(dir.resolve("worker.key"), "x");
    Path k1 = Files.writeString(dir.resolve("k1"), "x");

    TemporalAccess access =
        TopologyLoader.load(
                write(
                    """
                    temporal:
                      target: temporal.example.com:7233
                      namespace: dr
                      tls: {caCert: ca.pem, clientCert: worker.pem, clientKeyFile: worker.key, serverName: temporal}
                      apiKeyEnv: TEMPORAL_API_KEY
                      encryption:
                        currentKey: k2
                        keys:
                          k1: {file: k1}
                          k2: {env: STANDBY_PAYLOAD_KEY_K2}
                    """))
            .temporal()
            .access();

    assertThat(access.target()).isEqualTo("temporal.example.com:7233");
    assertThat(access.namespace()).isEqualTo("dr");
    assertThat(access.tls().caCert()).isEqualTo(dir.resolve("ca.pem"));
    assertThat(access.tls().clientKey()).isEqualTo(Secret.file("temporal.tls.clientKeyFile", key));
    assertThat(access.tls().serverName()).isEqualTo("temporal");
    assertThat(access.apiKey()).isEqualTo(Secret.env("temporal.apiKeyEnv", "TEMPORAL_API_KEY"));
    assertThat(access.encryption().currentKey()).isEqualTo("k2");
    assertThat(access.encryption().keys())
        .containsEntry("k1", Secret.file("temporal.encryption.keys.k1.file", k1))
        .containsEntry(
            "k2", Secret.env("temporal.encryption.keys.k2.env", "STANDBY_PAYLOAD_KEY_K2"));
  }

  @Test
  void secretsWrittenInTheTopologyAreRefusedAtTheirLine() throws IOException {
    Path file =
        write(
            """
            temporal:
              apiKey: tcld_abc
              encryption:
                currentKey: k1
                keys:
                  k1: {value: c2VjcmV0}
            """);

    assertThat(problems(file))
        .containsExactly(
            file
                + ":2:11: temporal.apiKey: a secret is never written in the topology: name where it"
                + " is with apiKeyFile or apiKeyEnv",
            file
                + ":6:19: temporal.encryption.keys.k1.value: a secret is never written in the"
                + " topology: name where it is with file or env");
  }

  @Test
  void missingFilesHalfAnMtlsSetupAndAnUnknownCurrentKeyAreEachReported() throws IOException {
    Files.writeString(dir.resolve("worker.pem"), "x");
    Path file =
        write(
            """
            temporal:
              tls: {caCert: nowhere/ca.pem, clientCert: worker.pem}
              apiKeyFile: api.key
              apiKeyEnv: TEMPORAL_API_KEY
              encryption:
                currentKey: k3
                keys: {k1: {env: K1}}
            """);

    assertThat(problems(file))
        .containsExactly(
            file + ":2:17: temporal.tls.caCert: no such file: " + dir.resolve("nowhere/ca.pem"),
            file
                + ":2:45: temporal.tls.clientCert: a client certificate needs its key"
                + " (clientKeyFile or clientKeyEnv)",
            file + ":3:15: temporal.apiKeyFile: no such file: " + dir.resolve("api.key"),
            file + ":4:14: temporal.apiKeyEnv: give apiKeyFile or apiKeyEnv, not both",
            file + ":6:17: temporal.encryption.currentKey: 'k3' is not one of the keys (k1)");
  }

  private Path write(String temporal) throws IOException {
    return Files.writeString(dir.resolve("topology.yaml"), temporal + SERVICES);
  }

  private static java.util.List<String> problems(Path file) {
    return catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(file))
        .problems();
  }
}
