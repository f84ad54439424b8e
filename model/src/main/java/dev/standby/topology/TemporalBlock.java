package dev.standby.topology;

import dev.standby.temporal.PayloadEncryption;
import dev.standby.temporal.Secret;
import dev.standby.temporal.TemporalTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads how the worker reaches Temporal: TLS, an API key, payload encryption. Secrets are named by
 * a file or an environment variable; one written in the topology itself is refused. Relative files
 * are resolved from the topology file's folder.
 *
 * <pre>
 * temporal:
 *   target: temporal.example.com:7233
 *   tls: {caCert: ca.pem, clientCert: worker.pem, clientKeyFile: worker.key, serverName: temporal}
 *   apiKeyEnv: TEMPORAL_API_KEY          # or apiKeyFile: /run/secrets/temporal-api-key
 *   encryption:
 *     currentKey: k2
 *     keys: {k1: {file: /run/secrets/k1}, k2: {env: STANDBY_PAYLOAD_KEY_K2}}
 * </pre>
 */
final class TemporalBlock {
  static final Set<String> FIELDS =
      Set.of(
          "target",
          "namespace",
          "taskQueue",
          "uiUrl",
          "tls",
          "apiKey",
          "apiKeyFile",
          "apiKeyEnv",
          "encryption");
  private static final Set<String> TLS_FIELDS =
      Set.of("caCert", "clientCert", "clientKey", "clientKeyFile", "clientKeyEnv", "serverName");

  private TemporalBlock() {}

  static TemporalTls tls(Node temporal, TopologyLoader l) {
    Node t = YamlFields.child(temporal, "tls");
    if (YamlFields.absent(t)) {
      return null;
    }
    String p = "temporal.tls";
    l.knownFields(t, p, TLS_FIELDS);
    if (!YamlFields.isMapping(t)) {
      return null;
    }
    refuseLiteral(t, p, "clientKey", "clientKeyFile or clientKeyEnv", l);
    Path ca = file(t, p + ".caCert", l);
    Path cert = file(t, p + ".clientCert", l);
    Secret key = secret(t, p, "clientKeyFile", "clientKeyEnv", l);
    if ((cert == null) != (key == null)) {
      l.problemAt(
          t,
          // At the half that is there.
          p
              + (cert != null
                  ? ".clientCert"
                  : YamlFields.absent(YamlFields.child(t, "clientKeyFile"))
                      ? ".clientKeyEnv"
                      : ".clientKeyFile"),
          cert == null
              ? "a client key needs its certificate (clientCert)"
              : "a client certificate needs its key (clientKeyFile or clientKeyEnv)");
      return null;
    }
    return new TemporalTls(ca, cert, key, l.text(t, p + ".serverName", null));
  }

  static Secret apiKey(Node temporal, TopologyLoader l) {
    if (YamlFields.absent(temporal)) {
      return null;
    }
    refuseLiteral(temporal, "temporal", "apiKey", "apiKeyFile or apiKeyEnv", l);
    return secret(temporal, "temporal", "apiKeyFile", "apiKeyEnv", l);
  }

  static PayloadEncryption encryption(Node temporal, TopologyLoader l) {
    Node e = YamlFields.child(temporal, "encryption");
    if (YamlFields.absent(e)) {
      return null;
    }
    String p = "temporal.encryption";
    l.knownFields(e, p, Set.of("currentKey", "keys"));
    if (!YamlFields.isMapping(e)) {
      return null;
    }
    String current = l.required(e, p + ".currentKey");
    Map<String, Secret> keys = new LinkedHashMap<>();
    Node keyNodes = YamlFields.child(e, "keys");
    if (YamlFields.absent(keyNodes)) {
      l.problemAt(e, p + ".keys", "is required (each key by id: {file: ...} or {env: ...})");
      return null;
    }
    for (var k : l.y.entries(keyNodes, p + ".keys", true).entrySet()) {
      String kp = p + ".keys." + k.getKey();
      l.knownFields(k.getValue(), kp, Set.of("file", "env", "value"));
      if (!YamlFields.isMapping(k.getValue())) {
        continue;
      }
      refuseLiteral(k.getValue(), kp, "value", "file or env", l);
      Secret s = secret(k.getValue(), kp, "file", "env", l);
      if (s == null && YamlFields.absent(YamlFields.child(k.getValue(), "value"))) {
        l.problem(k.getValue(), kp, "needs file or env");
      } else if (s != null) {
        keys.put(k.getKey(), s);
      }
    }
    if (current == null || keys.isEmpty()) {
      return null;
    }
    if (!keys.containsKey(current)) {
      l.problemAt(
          e,
          p + ".currentKey",
          "'" + current + "' is not one of the keys (" + String.join(", ", keys.keySet()) + ")");
      return null;
    }
    return new PayloadEncryption(current, keys);
  }

  /** A secret by file or environment variable, not both; null when neither is given. */
  private static Secret secret(
      Node parent, String path, String fileField, String envField, TopologyLoader l) {
    Path file = file(parent, path + "." + fileField, l);
    String env = l.text(parent, path + "." + envField, null);
    if (file != null && env != null) {
      l.problemAt(
          parent, path + "." + envField, "give " + fileField + " or " + envField + ", not both");
      return null;
    }
    if (file != null) {
      return Secret.file(path + "." + fileField, file);
    }
    return env == null ? null : Secret.env(path + "." + envField, env);
  }

  /** A file that must be there and readable now, so a typo is reported with its line. */
  private static Path file(Node parent, String path, TopologyLoader l) {
    String name = l.text(parent, path, null);
    if (name == null) {
      return null;
    }
    Path file = l.baseDir.resolve(name).normalize();
    if (!Files.isRegularFile(file)) {
      l.problemAt(parent, path, "no such file: " + file);
    } else if (!Files.isReadable(file)) {
      l.problemAt(parent, path, "cannot read " + file + " (permission denied)");
    }
    return file;
  }

  private static void refuseLiteral(
      Node parent, String path, String field, String instead, TopologyLoader l) {
    if (!YamlFields.absent(YamlFields.child(parent, field))) {
      l.problemAt(
          parent,
          path + "." + field,
          "a secret is never written in the topology: name where it is with " + instead);
    }
  }
}
