package dev.standby.activities.impl;

import dev.standby.adapters.aws.S3Clients;
import dev.standby.adapters.aws.S3ObjectStore;
import dev.standby.adapters.azure.AzureBlobClients;
import dev.standby.adapters.azure.AzureBlobObjectStore;
import dev.standby.adapters.gcp.GcsClients;
import dev.standby.adapters.gcp.GcsObjectStore;
import dev.standby.adapters.local.LocalObjectStore;
import dev.standby.backup.BackupStores;
import dev.standby.storage.ObjectStore;
import dev.standby.topology.ServiceTopology.BackupTarget;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Builds the storage capability's store for each backup target, once per target (SDK clients are heavy and
 * thread-safe). Credentials come from the environment variables the target names, or the SDK's default chain.
 */
public final class TopologyBackupStores implements BackupStores {
  private final UnaryOperator<String> environment;
  private final Map<BackupTarget, ObjectStore> open = new ConcurrentHashMap<>();

  public TopologyBackupStores(UnaryOperator<String> environment) {
    this.environment = environment;
  }

  @Override
  public ObjectStore open(String targetName, BackupTarget target) {
    if (target == null) {
      throw new IllegalArgumentException("no backup target '" + targetName + "'");
    }
    return open.computeIfAbsent(target, t -> build(targetName, t));
  }

  private ObjectStore build(String name, BackupTarget t) {
    URI endpoint = t.endpoint() == null ? null : URI.create(t.endpoint());
    return switch (t.kind()) {
      case "filesystem" -> new LocalObjectStore(Path.of(t.path()));
      case "s3" -> new S3ObjectStore(t.accessKeyEnv() == null
          ? S3Clients.create(t.region() == null ? "us-east-1" : t.region(), endpoint)
          : S3Clients.create(t.region() == null ? "us-east-1" : t.region(), endpoint, StaticCredentialsProvider.create(
              AwsBasicCredentials.create(env(name, t.accessKeyEnv()), env(name, t.secretKeyEnv())))), t.bucket());
      case "gcs" -> new GcsObjectStore(GcsClients.create(t.project(), endpoint), t.bucket());
      case "azure" -> new AzureBlobObjectStore(AzureBlobClients.container(env(name, t.connectionStringEnv()), t.bucket()));
      default -> throw new IllegalArgumentException("backup target '" + name + "': unknown kind '" + t.kind() + "'");
    };
  }

  private String env(String target, String name) {
    String value = name == null ? null : environment.apply(name);
    if (value == null) {
      throw new IllegalStateException("backup target '" + target + "': environment variable " + name + " is not set");
    }
    return value;
  }
}
