package dev.standby.lab;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;

/**
 * Where a lab's cloud emulators answer (lab.json's {@code clouds}): moto serves every AWS service
 * on one endpoint, fake-gcs-server serves GCS, Azurite serves Azure Blob with its well-known
 * development account. The credentials are the emulators' public test values, not secrets. A lab
 * that runs one emulator alone ({@code --only moto}) has only that one's fields; the others are
 * null.
 */
public record CloudEndpoints(
    URI awsEndpoint,
    String awsRegion,
    String awsAccessKeyId,
    String awsSecretAccessKey,
    URI gcsEndpoint,
    String gcsProject,
    URI azureBlobEndpoint,
    String azureAccount,
    String azureConnectionString) {

  static CloudEndpoints from(JsonNode clouds) {
    return new CloudEndpoints(
        uri(clouds, "awsEndpoint"),
        text(clouds, "awsRegion"),
        text(clouds, "awsAccessKeyId"),
        text(clouds, "awsSecretAccessKey"),
        uri(clouds, "gcsEndpoint"),
        text(clouds, "gcsProject"),
        uri(clouds, "azureBlobEndpoint"),
        text(clouds, "azureAccount"),
        text(clouds, "azureConnectionString"));
  }

  private static String text(JsonNode clouds, String field) {
    return clouds.hasNonNull(field) ? clouds.get(field).asText() : null;
  }

  private static URI uri(JsonNode clouds, String field) {
    String text = text(clouds, field);
    return text == null ? null : URI.create(text);
  }
}
