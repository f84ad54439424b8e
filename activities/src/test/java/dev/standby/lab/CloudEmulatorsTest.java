package dev.standby.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The emulators answer as the clouds they stand in for (plain HTTP here; the adapters' own tests
 * use the SDKs), and close() leaves none of them listening.
 */
class CloudEmulatorsTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void motoFakeGcsAndAzuriteServeOnLoopbackUntilClosed() throws Exception {
    CloudEmulators clouds = CloudEmulators.start("CloudEmulatorsTest");
    URI s3Bucket;
    URI gcsBuckets;
    URI azure;
    try {
      assertThat(clouds.awsEndpoint().getHost()).isEqualTo("127.0.0.1");
      assertThat(clouds.gcsEndpoint().getHost()).isEqualTo("127.0.0.1");
      assertThat(clouds.azureBlobEndpoint().getHost()).isEqualTo("127.0.0.1");

      // moto: a bucket created through the S3 REST API is listed afterwards.
      s3Bucket = clouds.awsEndpoint().resolve("/lab-check");
      assertThat(
              send(HttpRequest.newBuilder(s3Bucket).PUT(HttpRequest.BodyPublishers.noBody()))
                  .statusCode())
          .isEqualTo(200);
      assertThat(send(HttpRequest.newBuilder(clouds.awsEndpoint().resolve("/"))).body())
          .contains("<Name>lab-check</Name>");

      // fake-gcs-server: the JSON API creates and lists buckets in the lab's project.
      gcsBuckets = clouds.gcsEndpoint().resolve("/storage/v1/b?project=" + clouds.gcsProject());
      HttpResponse<String> created =
          send(
              HttpRequest.newBuilder(gcsBuckets)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"lab-check\"}")));
      assertThat(created.statusCode()).isEqualTo(200);
      assertThat(send(HttpRequest.newBuilder(gcsBuckets)).body()).contains("\"lab-check\"");

      // Azurite: an unsigned request is refused the way Azure refuses it, which only the real
      // protocol does.
      azure = URI.create(clouds.azureBlobEndpoint() + "?comp=list");
      HttpResponse<String> unsigned = send(HttpRequest.newBuilder(azure));
      assertThat(unsigned.statusCode()).isEqualTo(403);
      assertThat(unsigned.headers().firstValue("x-ms-request-id")).isPresent();
      assertThat(clouds.azureConnectionString())
          .contains("BlobEndpoint=" + clouds.azureBlobEndpoint());
    } finally {
      clouds.close();
    }
    for (URI stopped : new URI[] {s3Bucket, gcsBuckets, azure}) {
      assertThatThrownBy(() -> send(HttpRequest.newBuilder(stopped)))
          .as(stopped.toString())
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void anEmulatorStartedAloneServesAloneUntilClosed() throws Exception {
    CloudEmulators gcs = CloudEmulators.start("CloudEmulatorsTest", Emulator.GCS);
    URI buckets;
    try {
      assertThat(gcs.awsEndpoint()).as("no moto").isNull();
      assertThat(gcs.azureBlobEndpoint()).as("no Azurite").isNull();
      buckets = gcs.gcsEndpoint().resolve("/storage/v1/b?project=" + gcs.gcsProject());
      assertThat(send(HttpRequest.newBuilder(buckets)).statusCode()).isEqualTo(200);
    } finally {
      gcs.close();
    }
    assertThatThrownBy(() -> send(HttpRequest.newBuilder(buckets)))
        .isInstanceOf(ConnectException.class);
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
