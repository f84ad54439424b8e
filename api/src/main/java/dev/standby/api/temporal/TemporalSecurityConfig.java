package dev.standby.api.temporal;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.standby.temporal.PayloadEncryption;
import dev.standby.temporal.Secret;
import dev.standby.temporal.TemporalSetupException;
import dev.standby.temporal.TemporalTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The config.yml parts of {@code temporal} that secure the connection and the payloads, the same as
 * the topology's: {@code tls}, {@code apiKeyFile}/{@code apiKeyEnv}, {@code encryption}. Secrets
 * are named by file or environment variable only; a blank value (an unset {@code ${VAR:-}}) is left
 * out.
 */
final class TemporalSecurityConfig {
  private TemporalSecurityConfig() {}

  /** {@code temporal.tls}. */
  public static class Tls {
    @JsonProperty String caCert;
    @JsonProperty String clientCert;
    @JsonProperty String clientKeyFile;
    @JsonProperty String clientKeyEnv;
    @JsonProperty String serverName;

    /** Null when nothing is set: a config.yml may keep the block with every value unset. */
    TemporalTls build() {
      if (blank(caCert)
          && blank(clientCert)
          && blank(clientKeyFile)
          && blank(clientKeyEnv)
          && blank(serverName)) {
        return null;
      }
      Path cert = file("temporal.tls.clientCert", clientCert);
      Secret key =
          secret("temporal.tls", "clientKeyFile", clientKeyFile, "clientKeyEnv", clientKeyEnv);
      if ((cert == null) != (key == null)) {
        throw new TemporalSetupException(
            cert == null
                ? "temporal.tls.clientCert: a client key needs its certificate"
                : "temporal.tls.clientKeyFile: a client certificate needs its key (clientKeyFile or"
                    + " clientKeyEnv)");
      }
      return new TemporalTls(
          file("temporal.tls.caCert", caCert), cert, key, blank(serverName) ? null : serverName);
    }
  }

  /** {@code temporal.encryption}. */
  public static class Encryption {
    @JsonProperty String currentKey;
    @JsonProperty Map<String, KeySource> keys = Map.of();

    PayloadEncryption build() {
      if (blank(currentKey)) {
        // config.yml names the keys and takes the current one from the environment
        // (${STANDBY_PAYLOAD_CURRENT_KEY:-}): unset, payloads stay clear, as the worker's must
        // then.
        if (!keys.isEmpty()) {
          LoggerFactory.getLogger(TemporalSecurityConfig.class)
              .warn(
                  "temporal.encryption.currentKey is not set: payloads are not encrypted (keys {}"
                      + " unused)",
                  keys.keySet());
        }
        return null;
      }
      Map<String, Secret> secrets = new LinkedHashMap<>();
      keys.forEach(
          (id, source) -> {
            String p = "temporal.encryption.keys." + id;
            Secret s = secret(p, "file", source.file, "env", source.env);
            if (s == null) {
              throw new TemporalSetupException(p + ": needs file or env");
            }
            secrets.put(id, s);
          });
      if (!secrets.containsKey(currentKey)) {
        throw new TemporalSetupException(
            "temporal.encryption.currentKey: '"
                + currentKey
                + "' is not one of the keys "
                + secrets.keySet());
      }
      return new PayloadEncryption(currentKey, secrets);
    }
  }

  /** One key of {@code temporal.encryption.keys}: {@code {file: ...}} or {@code {env: ...}}. */
  public static class KeySource {
    @JsonProperty String file;
    @JsonProperty String env;
  }

  static Secret secret(
      String path, String fileField, String fileName, String envField, String envName) {
    if (!blank(fileName) && !blank(envName)) {
      throw new TemporalSetupException(
          path + "." + envField + ": give " + fileField + " or " + envField + ", not both");
    }
    if (!blank(fileName)) {
      return Secret.file(path + "." + fileField, file(path + "." + fileField, fileName));
    }
    return blank(envName) ? null : Secret.env(path + "." + envField, envName);
  }

  static Path file(String field, String name) {
    if (blank(name)) {
      return null;
    }
    Path file = Path.of(name).toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw new TemporalSetupException(field + ": no such file: " + file);
    }
    if (!Files.isReadable(file)) {
      throw new TemporalSetupException(field + ": cannot read " + file + " (permission denied)");
    }
    return file;
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
