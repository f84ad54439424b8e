package dev.standby.adapters.aws;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * S3 clients: credentials from the SDK's default chain; an endpoint override (emulators only) means
 * path-style.
 */
public final class S3Clients {
  /** Enough connections for a sync's copy pool plus its listings. */
  private static final int MAX_CONNECTIONS = 64;

  private S3Clients() {}

  public static S3Client create(String region, URI endpointOverride) {
    return create(region, endpointOverride, DefaultCredentialsProvider.builder().build());
  }

  public static S3Client create(
      String region, URI endpointOverride, AwsCredentialsProvider credentials) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClientBuilder(Apache5HttpClient.builder().maxConnections(MAX_CONNECTIONS));
    if (endpointOverride != null) {
      // moto and other emulators answer on one host: no virtual-hosted buckets, and only the
      // checksums S3 requires.
      builder
          .endpointOverride(endpointOverride)
          .forcePathStyle(true)
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder.build();
  }
}
