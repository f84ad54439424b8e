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
import dev.standby.model.objectsync.StoreSpec;
import dev.standby.storage.ObjectStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Opens stores from {@link StoreSpec}s, sharing one SDK client (and its connection pool) per provider endpoint.
 * {@code env} reads environment variables (Azure's connection string is named, never given).
 */
public final class ObjectStores implements AutoCloseable {
  private final Function<String, String> env;
  private final Map<String, Object> clients = new ConcurrentHashMap<>();

  public ObjectStores(Function<String, String> env) {
    this.env = env;
  }

  public ObjectStore open(StoreSpec spec) {
    return switch (String.valueOf(spec.provider())) {
      case "s3" -> new S3ObjectStore((S3Client) clients.computeIfAbsent("s3|" + spec.region() + "|" + spec.endpoint(),
          k -> S3Clients.create(spec.region() == null ? "us-east-1" : spec.region(), uri(spec.endpoint()))), spec.bucket());
      case "gcs" -> new GcsObjectStore((Storage) clients.computeIfAbsent("gcs|" + spec.project() + "|" + spec.endpoint(),
          k -> GcsClients.create(spec.project(), uri(spec.endpoint()))), spec.bucket());
      case "azure" -> new AzureBlobObjectStore(((BlobServiceClient) clients.computeIfAbsent(
          "azure|" + spec.connectionStringEnv(), k -> AzureBlobClients.create(connectionString(spec))))
          .getBlobContainerClient(spec.bucket()));
      case "local" -> new LocalObjectStore(Path.of(spec.path()));
      default -> throw new IllegalArgumentException("store provider '" + spec.provider()
          + "' is not one of s3, gcs, azure, local");
    };
  }

  private String connectionString(StoreSpec spec) {
    String value = env.apply(spec.connectionStringEnv());
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("azure store " + spec.bucket() + ": environment variable "
          + spec.connectionStringEnv() + " (connectionStringEnv) is not set");
    }
    return value;
  }

  private static URI uri(String endpoint) {
    return endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint);
  }

  @Override
  public void close() {
    clients.values().forEach(client -> {
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
