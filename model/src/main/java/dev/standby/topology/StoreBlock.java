package dev.standby.topology;

import dev.standby.model.objectsync.StoreSpec;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads one object store ({@code provider} and its fields) wherever the topology names one: a
 * backup target, a site's object store. Every problem is reported at its path; null when the store
 * cannot be read.
 */
final class StoreBlock {
  private static final Map<String, Set<String>> FIELDS =
      Map.of(
          "filesystem", Set.of("provider", "path"),
          "s3", Set.of("provider", "bucket", "region", "endpoint", "accessKeyEnv", "secretKeyEnv"),
          "gcs", Set.of("provider", "bucket", "project", "endpoint"),
          "azure", Set.of("provider", "bucket", "connectionStringEnv"));

  private StoreBlock() {}

  /**
   * @param extraFields fields the caller reads itself (a backup target's media and cloud)
   */
  static StoreSpec read(Node t, String path, Set<String> extraFields, TopologyLoader loader) {
    String provider = loader.required(t, path + ".provider");
    if (provider == null) {
      return null;
    }
    String problem = StoreSpec.providerProblem(provider);
    if (problem != null) {
      loader.problem(path + ".provider", problem);
      return null;
    }
    Set<String> known = new HashSet<>(FIELDS.get(provider));
    known.addAll(extraFields);
    loader.knownFields(t, path, known);
    String p = provider.equals("filesystem") ? loader.required(t, path + ".path") : null;
    String bucket = provider.equals("filesystem") ? null : loader.required(t, path + ".bucket");
    if (provider.equals("azure") && YamlFields.child(t, "connectionStringEnv") == null) {
      loader.problem(
          path + ".connectionStringEnv",
          "is required (the variable that holds the storage account's connection string)");
    }
    String accessKeyEnv = loader.text(t, path + ".accessKeyEnv", null);
    String secretKeyEnv = loader.text(t, path + ".secretKeyEnv", null);
    if ((accessKeyEnv == null) != (secretKeyEnv == null)) {
      loader.problem(
          path, "name both accessKeyEnv and secretKeyEnv, or neither (the SDK's default chain)");
    }
    return new StoreSpec(
        provider,
        bucket,
        loader.text(t, path + ".region", null),
        loader.text(t, path + ".endpoint", null),
        loader.text(t, path + ".project", null),
        loader.text(t, path + ".connectionStringEnv", null),
        p,
        accessKeyEnv,
        secretKeyEnv);
  }
}
