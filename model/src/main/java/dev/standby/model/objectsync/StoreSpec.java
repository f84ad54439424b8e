package dev.standby.model.objectsync;







/**
 * Where a store is: {@code provider} is s3, gcs, azure or local; {@code bucket} the bucket or container
 * ({@code path} the directory for local). {@code endpoint} overrides the provider's endpoint, for emulators only.
 * Credentials come from the SDKs' default chains (AWS, Google ADC); Azure reads its connection string from the
 * environment variable named by {@code connectionStringEnv}, so no secret travels in a request or a history.
 */
public record StoreSpec(
    String provider, String bucket, String region, String endpoint, String project, String connectionStringEnv,
    String path) {

  public static StoreSpec s3(String bucket, String region, String endpoint) {
    return new StoreSpec("s3", bucket, region, endpoint, null, null, null);
  }

  public static StoreSpec gcs(String bucket, String project, String endpoint) {
    return new StoreSpec("gcs", bucket, null, endpoint, project, null, null);
  }

  public static StoreSpec azure(String container, String connectionStringEnv) {
    return new StoreSpec("azure", container, null, null, null, connectionStringEnv, null);
  }

  public static StoreSpec local(String path) {
    return new StoreSpec("local", null, null, null, null, null, path);
  }

  /** e.g. s3://orders-replica, for messages and metric labels. */
  public String describe() {
    return "local".equals(provider) ? "file://" + path : provider + "://" + bucket;
  }
}
