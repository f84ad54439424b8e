package dev.standby.adapters.aws;

import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.topology.Topology;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * One client per AWS service and site, built on first use from the site's region and, for emulators
 * only, its endpoint. Credentials come from the SDK's default chain (environment, profile, instance
 * role), never the topology.
 */
public final class AwsClients {
  private final Map<String, Topology.Site> sites;
  private final AwsCredentialsProvider credentials;
  private final Map<String, Object> clients = new ConcurrentHashMap<>();

  public AwsClients(Map<String, Topology.Site> sites) {
    this(sites, DefaultCredentialsProvider.builder().build());
  }

  public AwsClients(Map<String, Topology.Site> sites, AwsCredentialsProvider credentials) {
    this.sites = Map.copyOf(sites);
    this.credentials = credentials;
  }

  public Route53Client route53(String site) {
    // Route 53 is global: its API lives in us-east-1 (aws-global) whatever the site's region.
    return client("route53", site, s -> build(Route53Client.builder(), s, "aws-global"));
  }

  public RdsClient rds(String site) {
    return client("rds", site, s -> build(RdsClient.builder(), s, s.region()));
  }

  public CloudWatchClient cloudWatch(String site) {
    return client("cloudwatch", site, s -> build(CloudWatchClient.builder(), s, s.region()));
  }

  public AutoScalingClient autoScaling(String site) {
    return client("autoscaling", site, s -> build(AutoScalingClient.builder(), s, s.region()));
  }

  @SuppressWarnings("unchecked")
  private <T> T client(String kind, String site, Function<Topology.Site, T> build) {
    return (T) clients.computeIfAbsent(kind + "/" + site, k -> build.apply(site(site)));
  }

  private Topology.Site site(String name) {
    Topology.Site site = sites.get(name);
    if (site == null || !"aws".equals(site.provider())) {
      throw Failures.nonRetryable(
          FailureType.UNSUPPORTED_PROVIDER,
          "site '"
              + name
              + "' is not an aws site"
              + (site == null ? "" : " (provider " + site.provider() + ")"));
    }
    return site;
  }

  private <B extends AwsClientBuilder<B, C>, C> C build(
      B builder, Topology.Site site, String region) {
    builder
        .region(
            Region.of(
                site.endpoint() != null && region.equals("aws-global") ? site.region() : region))
        .credentialsProvider(credentials);
    if (site.endpoint() != null) {
      builder.endpointOverride(URI.create(site.endpoint()));
    }
    return builder.build();
  }
}
