package dev.standby.model.objectsync;

import java.util.List;

/**
 * Where a store is, in the same words wherever one is named (an object sync's source and target, a
 * backup target): {@code provider} is filesystem, s3, gcs or azure; {@code bucket} the bucket or
 * container ({@code path} the directory for filesystem). {@code endpoint} overrides the provider's
 * endpoint, for emulators only. No secret is ever given, only the environment variables that hold
 * one: S3 uses {@code accessKeyEnv} and {@code secretKeyEnv} when named, else the SDK's default
 * chain; GCS uses Google's default credentials; Azure reads its connection string from {@code
 * connectionStringEnv}. So no secret travels in a request, a history or a topology file.
 */
public record StoreSpec(
    String provider,
    String bucket,
    String region,
    String endpoint,
    String project,
    String connectionStringEnv,
    String path,
    String accessKeyEnv,
    String secretKeyEnv) {

  public static final List<String> PROVIDERS = List.of("filesystem", "s3", "gcs", "azure");

  /**
   * The word stores used to be named by, and the one to use now: a file with the old word gets
   * told.
   */
  public static final String RETIRED_LOCAL = "local";

  public static StoreSpec s3(String bucket, String region, String endpoint) {
    return new StoreSpec("s3", bucket, region, endpoint, null, null, null, null, null);
  }

  public static StoreSpec gcs(String bucket, String project, String endpoint) {
    return new StoreSpec("gcs", bucket, null, endpoint, project, null, null, null, null);
  }

  public static StoreSpec azure(String container, String connectionStringEnv) {
    return new StoreSpec(
        "azure", container, null, null, null, connectionStringEnv, null, null, null);
  }

  public static StoreSpec filesystem(String path) {
    return new StoreSpec("filesystem", null, null, null, null, null, path, null, null);
  }

  /** e.g. s3://orders-replica, for messages and metric labels. */
  public String describe() {
    return "filesystem".equals(provider) ? "file://" + path : provider + "://" + bucket;
  }

  /**
   * What is wrong with the provider's word, or null: names the word to use for the retired {@code
   * local}.
   */
  public static String providerProblem(String provider) {
    if (RETIRED_LOCAL.equals(provider)) {
      return "'local' is no longer a store provider: use 'filesystem'";
    }
    return PROVIDERS.contains(provider)
        ? null
        : "'" + provider + "' is not one of " + String.join(", ", PROVIDERS);
  }
}
