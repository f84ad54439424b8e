package dev.standby.lab;

import java.net.URI;

/**
 * The cloud emulators alone, for adapter tests that need no database or Temporal: {@code lab/lab up
 * --only clouds --ports auto} (moto, fake-gcs-server, Azurite on free 127.0.0.1 ports). {@link
 * #close()} stops them and deletes their state, as {@link Lab#close()} does.
 *
 * <pre>{@code
 * try (CloudEmulators clouds = CloudEmulators.start("S3StoreTest")) {
 *   S3Client s3 = S3Client.builder().endpointOverride(clouds.awsEndpoint()).region(Region.of(clouds.awsRegion()))...
 * }
 * }</pre>
 */
public final class CloudEmulators implements AutoCloseable {
  private final Lab lab;
  private final CloudEndpoints endpoints;

  private CloudEmulators(Lab lab) {
    this.lab = lab;
    this.endpoints = lab.clouds();
  }

  /** moto, fake-gcs-server and Azurite. */
  public static CloudEmulators start(String name) {
    return new CloudEmulators(Lab.up(name, "--only", "clouds"));
  }

  /** One emulator alone ({@code lab/lab up --only moto}); the others' endpoints are null. */
  public static CloudEmulators start(String name, Emulator emulator) {
    return new CloudEmulators(Lab.up(name + "-" + emulator.labName, "--only", emulator.labName));
  }

  public CloudEndpoints endpoints() {
    return endpoints;
  }

  /**
   * moto: S3, Route 53, RDS, Auto Scaling and CloudWatch on one endpoint (S3 needs path-style
   * access).
   */
  public URI awsEndpoint() {
    return endpoints.awsEndpoint();
  }

  public String awsRegion() {
    return endpoints.awsRegion();
  }

  public String awsAccessKeyId() {
    return endpoints.awsAccessKeyId();
  }

  public String awsSecretAccessKey() {
    return endpoints.awsSecretAccessKey();
  }

  /**
   * fake-gcs-server over plain HTTP: give it to the GCS client as its host, with no credentials.
   */
  public URI gcsEndpoint() {
    return endpoints.gcsEndpoint();
  }

  public String gcsProject() {
    return endpoints.gcsProject();
  }

  /**
   * Azurite's blob endpoint for the development account, e.g.
   * http://127.0.0.1:PORT/devstoreaccount1.
   */
  public URI azureBlobEndpoint() {
    return endpoints.azureBlobEndpoint();
  }

  public String azureConnectionString() {
    return endpoints.azureConnectionString();
  }

  public String logsDir() {
    return lab.logDir().toString();
  }

  @Override
  public void close() {
    lab.close();
  }

  @Override
  public String toString() {
    return "CloudEmulators[" + lab.dir() + "]";
  }
}
