package dev.standby.lab;









import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;

/**
 * Where a lab's cloud emulators answer (lab.json's {@code clouds}): moto serves every AWS service on one
 * endpoint, fake-gcs-server serves GCS, Azurite serves Azure Blob with its well-known development account.
 * The credentials are the emulators' public test values, not secrets.
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
        URI.create(clouds.path("awsEndpoint").asText()),
        clouds.path("awsRegion").asText(),
        clouds.path("awsAccessKeyId").asText(),
        clouds.path("awsSecretAccessKey").asText(),
        URI.create(clouds.path("gcsEndpoint").asText()),
        clouds.path("gcsProject").asText(),
        URI.create(clouds.path("azureBlobEndpoint").asText()),
        clouds.path("azureAccount").asText(),
        clouds.path("azureConnectionString").asText());
  }
}
