package dev.standby.adapters.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;

/**
 * Azure Blob clients from a connection string that the caller read from an environment variable
 * named in the configuration (Azurite's well-known development string in the lab): the string
 * itself never sits in a file.
 */
public final class AzureBlobClients {
  private AzureBlobClients() {}

  public static BlobServiceClient create(String connectionString) {
    if (connectionString == null || connectionString.isBlank()) {
      throw new IllegalArgumentException("Azure Blob: the connection string is empty");
    }
    return new BlobServiceClientBuilder().connectionString(connectionString).buildClient();
  }

  public static BlobContainerClient container(String connectionString, String container) {
    return create(connectionString).getBlobContainerClient(container);
  }
}
