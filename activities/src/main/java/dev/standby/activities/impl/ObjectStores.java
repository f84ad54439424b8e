package dev.standby.activities.impl;

import com.azure.storage.blob.BlobServiceClient;
import com.google.cloud.storage.Storage;
import dev.standby.adapters.aws.S3Clients;
import dev.standby.adapters.aws.S3ObjectStore;
import dev.standby.adapters.azure.AzureBlobClients;
import dev.standby.adapters.azure.AzureBlobObjectStore;
import dev.standby.adapters.gcp.GcsClients;
import dev.standby.adapters.gcp.GcsObjectStore;
import dev.standby.adapters.local.LocalObjectStore;
import dev.standby.backup.BackupStores;
import dev.standby.model.objectsync.StoreSpec;
import dev.standby.storage.ObjectStore;
import dev.standby.topology.ServiceTopology.BackupTarget;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one place stores are opened from {@link StoreSpec}s: for backups, restore verification and
 * object sync. SDK clients are heavy and thread-safe, so one is shared (with its connection pool)
 * per provider, endpoint and credentials; the same spec gives the same store. Credentials come from
 * the environment variables the spec names ({@code env} reads them), or the SDK's default chain; a
 * named variable that is unset is an error that says which block and field named it.
 */
public final class ObjectStores implements BackupStores, AutoCloseable {
  private final Function<String, String> env;
  private final Map<String, Object> clients = new ConcurrentHashMap<>();
  private final Map<StoreSpec, ObjectStore> stores = new ConcurrentHashMap<>();

  public ObjectStores(Function<String, String> env) {
    this.env = env;
  }

  /** A backup target's store; errors name the target ({@code backup target 's3': ...}). */
  @Override
  public ObjectStore open(String targetName, BackupTarget target) {
    if (target == null) {
      throw new IllegalArgumentException("no backup target '" + targetName + "'");
    }
    return open("backup target '" + targetName + "'", target.store());
  }

  /**
   * {@code block} names where the spec came from, for errors: {@code object sync 'orders' source}.
   */
  public ObjectStore open(String block, StoreSpec spec) {
    return stores.computeIfAbsent(spec, s -> build(block, s));
  }

  private ObjectStore build(String block, StoreSpec spec) {
    String problem = StoreSpec.providerProblem(spec.provider());
    if (problem != null) {
      throw new IllegalArgumentException(block + ": provider: " + problem);
    }
    if (spec.provider().equals("filesystem")) {
      return new LocalObjectStore(Path.of(required(block, "path", spec.path())));
    }
    // checked before any client is made, so a missing bucket is reported as that, not as a client's
    // failure
    String bucket = required(block, "bucket", spec.bucket());
    return switch (spec.provider()) {
      case "s3" -> new S3ObjectStore(s3(block, spec), bucket);
      case "gcs" ->
          new GcsObjectStore(
              (Storage)
                  clients.computeIfAbsent(
                      "gcs|" + spec.project() + "|" + spec.endpoint(),
                      k -> GcsClients.create(spec.project(), uri(spec.endpoint()))),
              bucket);
      case "azure" ->
          new AzureBlobObjectStore(
              ((BlobServiceClient)
                      clients.computeIfAbsent(
                          "azure|" + spec.connectionStringEnv(),
                          k ->
                              AzureBlobClients.create(
                                  env(block, "connectionStringEnv", spec.connectionStringEnv()))))
                  .getBlobContainerClient(bucket));
      default ->
          throw new IllegalStateException(
              "provider " + spec.provider() + " passed the check but has no store");
    };
  }

  private S3Client s3(String block, StoreSpec spec) {
    String region = spec.region() == null ? "us-east-1" : spec.region();
    if ((spec.accessKeyEnv() == null) != (spec.secretKeyEnv() == null)) {
      throw new IllegalArgumentException(
          block
              + ": name both accessKeyEnv and secretKeyEnv, or neither (the SDK's "
              + "default chain)");
    }
    String key =
        "s3|"
            + region
            + "|"
            + spec.endpoint()
            + "|"
            + spec.accessKeyEnv()
            + "|"
            + spec.secretKeyEnv();
    return (S3Client)
        clients.computeIfAbsent(
            key,
            k ->
                spec.accessKeyEnv() == null
                    ? S3Clients.create(region, uri(spec.endpoint()))
                    : S3Clients.create(
                        region,
                        uri(spec.endpoint()),
                        StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(
                                env(block, "accessKeyEnv", spec.accessKeyEnv()),
                                env(block, "secretKeyEnv", spec.secretKeyEnv())))));
  }

  /**
   * The value of the environment variable that {@code field} names; an error naming both when it is
   * unset.
   */
  private String env(String block, String field, String variable) {
    required(block, field, variable);
    String value = env.apply(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          block + ": " + field + ": environment variable " + variable + " is not set");
    }
    return value;
  }

  /** How many SDK clients are open: tests check that stores behind one endpoint share one. */
  int clients() {
    return clients.size();
  }

  private static String required(String block, String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(block + ": " + field + ": is required");
    }
    return value;
  }

  private static URI uri(String endpoint) {
    return endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint);
  }

  @Override
  public void close() {
    clients
        .values()
        .forEach(
            client -> {
              if (client instanceof AutoCloseable closeable) {
                try {
                  closeable.close();
                } catch (Exception ignored) {
                  // closing on the way out: nothing left to do with a client that fails to close
                }
              }
            });
  }
}
