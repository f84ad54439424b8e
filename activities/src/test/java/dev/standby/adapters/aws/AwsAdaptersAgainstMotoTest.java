package dev.standby.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.standby.adapters.postgres.PostgresDatabaseAdapter;
import dev.standby.lab.Emulator;
import dev.standby.lab.SharedCloudEmulators;
import dev.standby.model.compute.ScaleResult;
import dev.standby.model.database.DatabaseRole;
import dev.standby.model.database.PromotionResult;
import dev.standby.model.database.ReplicationStatus;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** Route 53, RDS, CloudWatch and Auto Scaling adapters against moto. */
class AwsAdaptersAgainstMotoTest {
  @RegisterExtension
  static final SharedCloudEmulators clouds = SharedCloudEmulators.of(Emulator.MOTO);

  // moto is shared by every class in the JVM: this class's zones, caller references, instances and
  // groups carry a
  // prefix of their own (moto refuses a second zone with the same caller reference, a second
  // instance with the id).
  private static final String P =
      "m" + java.util.UUID.randomUUID().toString().substring(0, 8) + "-";
  private static AwsClients aws;

  @BeforeAll
  static void connect() {
    Topology.Site east =
        new Topology.Site(
            "aws-east", "aws", clouds.awsRegion(), null, null, clouds.awsEndpoint().toString());
    aws =
        new AwsClients(
            Map.of("aws-east", east),
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(clouds.awsAccessKeyId(), clouds.awsSecretAccessKey())));
  }

  @Test
  void route53WeightsMoveTogetherAndKeepEachRecordsValueAndHealthCheck() {
    var route53 = aws.route53("aws-east");
    String zone =
        route53
            .createHostedZone(r -> r.name(P + "example.test.").callerReference(P + "z1"))
            .hostedZone()
            .id();
    String check =
        route53
            .createHealthCheck(
                r ->
                    r.callerReference(P + "hc-a")
                        .healthCheckConfig(
                            c ->
                                c.type("HTTP")
                                    .ipAddress("192.0.2.10")
                                    .port(80)
                                    .resourcePath("/health")))
            .healthCheck()
            .id();
    weighted(zone, "a", "192.0.2.10", 100, check);
    weighted(zone, "b", "192.0.2.20", 0, null);
    ServiceTopology service = service(zone);
    Route53TrafficRouter router = new Route53TrafficRouter(aws);

    assertThat(router.weights(service))
        .containsExactly(Map.entry("site-a", 100), Map.entry("site-b", 0));
    Map<String, Integer> flipped = router.setWeights(service, ordered(0, 100));

    assertThat(flipped).containsExactly(Map.entry("site-a", 0), Map.entry("site-b", 100));
    Map<String, ResourceRecordSet> records = router.records(service);
    assertThat(records.get("site-a").resourceRecords())
        .singleElement()
        .satisfies(r -> assertThat(r.value()).isEqualTo("192.0.2.10"));
    assertThat(records.get("site-a").healthCheckId())
        .as("the health check stays attached")
        .isEqualTo(check);
    assertThat(records.get("site-b").resourceRecords().get(0).value()).isEqualTo("192.0.2.20");
    assertThat(router.setWeights(service, ordered(0, 100)))
        .as("setting them again changes nothing")
        .isEqualTo(flipped);
  }

  @Test
  void route53RefusesWeightsThatDoNotAddUpAndNamesAMissingRecord() {
    var route53 = aws.route53("aws-east");
    String zone =
        route53
            .createHostedZone(r -> r.name(P + "missing.test.").callerReference(P + "z2"))
            .hostedZone()
            .id();
    weighted(zone, "a", "192.0.2.10", 100, null);
    ServiceTopology service = service(zone);
    Route53TrafficRouter router = new Route53TrafficRouter(aws);

    ApplicationFailure missing =
        catchThrowableOfType(ApplicationFailure.class, () -> router.weights(service));
    assertThat(missing.getType()).isEqualTo("INVALID_INPUT");
    assertThat(missing.getOriginalMessage())
        .contains("site-b (set identifier 'b')")
        .contains("found set identifiers: [a]");

    ApplicationFailure bad =
        catchThrowableOfType(
            ApplicationFailure.class, () -> router.setWeights(service, ordered(50, 60)));
    assertThat(bad.getOriginalMessage()).contains("add up to 110");
  }

  @Test
  void rdsReplicaReportsCloudWatchLagAndIsPromotedOnce() {
    var rds = aws.rds("aws-east");
    rds.createDBInstance(
        r ->
            r.dbInstanceIdentifier(P + "orders-a")
                .engine("postgres")
                .dbInstanceClass("db.t3.micro")
                .allocatedStorage(20)
                .masterUsername("standby")
                .masterUserPassword("not-a-secret-moto-only"));
    rds.createDBInstanceReadReplica(
        r -> r.dbInstanceIdentifier(P + "orders-b").sourceDBInstanceIdentifier(P + "orders-a"));
    Instant now = Instant.now();
    aws.cloudWatch("aws-east")
        .putMetricData(
            r ->
                r.namespace("AWS/RDS")
                    .metricData(
                        d ->
                            d.metricName("ReplicaLag")
                                .dimensions(
                                    x -> x.name("DBInstanceIdentifier").value(P + "orders-b"))
                                .timestamp(now.minusSeconds(30))
                                .value(2.5)
                                .unit("Seconds")));
    RdsDatabaseAdapter adapter =
        new RdsDatabaseAdapter(aws, new PostgresDatabaseAdapter(), () -> now);
    ServiceTopology.Database a = rdsDb(P + "orders-a");
    ServiceTopology.Database b = rdsDb(P + "orders-b");

    assertThat(adapter.status("aws-east", a).role()).isEqualTo(DatabaseRole.PRIMARY);
    ReplicationStatus replica = adapter.status("aws-east", b);
    assertThat(replica.role()).isEqualTo(DatabaseRole.REPLICA);
    assertThat(replica.lagMillis()).as("CloudWatch's ReplicaLag, 2.5 s").isEqualTo(2500L);

    PromotionResult promoted = adapter.promote("aws-east", b);
    assertThat(promoted.promoted())
        .as("PromoteReadReplica accepted, DBInstanceAvailable waited for")
        .isTrue();
    assertThat(promoted.lastReplayedCommitMillis())
        .as("the lag at promotion dates the last replayed commit")
        .isEqualTo(promoted.promotedAtMillis() - 2_500);
    // moto keeps ReadReplicaSourceDBInstanceIdentifier after a promotion (real RDS drops it), so
    // the role after
    // promotion is checked on the primary, which never names a source.
    assertThat(adapter.promote("aws-east", a).promoted())
        .as("promoting a primary changes nothing")
        .isFalse();
    assertThat(adapter.status("aws-east", rdsDb(P + "orders-x")).role())
        .isEqualTo(DatabaseRole.UNREACHABLE);
  }

  @Test
  void rdsWithoutAJdbcUrlRefusesToFenceAndSaysWhatIsMissing() {
    RdsDatabaseAdapter adapter = new RdsDatabaseAdapter(aws, new PostgresDatabaseAdapter());
    ApplicationFailure e =
        catchThrowableOfType(ApplicationFailure.class, () -> adapter.fence("site-a", rdsDb("x")));
    assertThat(e.getType()).isEqualTo("UNSUPPORTED_PROVIDER");
    assertThat(e.getOriginalMessage()).contains("give its 'url'");
  }

  @Test
  void autoScalingSetsTheDesiredCapacityWithinTheGroupsBounds() {
    var autoScaling = aws.autoScaling("aws-east");
    autoScaling.createLaunchConfiguration(
        r ->
            r.launchConfigurationName(P + "app-lc")
                .imageId("ami-12c6146b")
                .instanceType("t3.micro"));
    autoScaling.createAutoScalingGroup(
        r ->
            r.autoScalingGroupName(P + "orders-app-b")
                .launchConfigurationName(P + "app-lc")
                .minSize(0)
                .maxSize(6)
                .desiredCapacity(1)
                .availabilityZones(clouds.awsRegion() + "a"));
    AutoScalingCompute compute = new AutoScalingCompute(aws);
    ServiceTopology.Compute group =
        new ServiceTopology.Compute("autoscaling", P + "orders-app-b", 4, 1);

    ScaleResult up = compute.setDesiredCapacity("aws-east", group, group.active());
    assertThat(up).isEqualTo(new ScaleResult("aws-east", P + "orders-app-b", 1, 4));
    assertThat(
            autoScaling
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(P + "orders-app-b"))
                .autoScalingGroups()
                .get(0)
                .desiredCapacity())
        .isEqualTo(4);
    assertThat(compute.setDesiredCapacity("aws-east", group, 4).describe()).endsWith("(already)");
    assertThat(compute.setDesiredCapacity("aws-east", group, group.standby()).desiredAfter())
        .isEqualTo(1);

    ApplicationFailure tooMany =
        catchThrowableOfType(
            ApplicationFailure.class, () -> compute.setDesiredCapacity("aws-east", group, 9));
    assertThat(tooMany.getOriginalMessage()).contains("takes 0 to 6 instances, not 9");
    assertThat(
            autoScaling
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(P + "orders-app-b"))
                .autoScalingGroups()
                .get(0)
                .desiredCapacity())
        .as("a refused change changes nothing")
        .isEqualTo(1);
  }

  private static void weighted(
      String zone, String setId, String ip, long weight, String healthCheck) {
    aws.route53("aws-east")
        .changeResourceRecordSets(
            r ->
                r.hostedZoneId(zone)
                    .changeBatch(
                        b ->
                            b.changes(
                                c ->
                                    c.action(ChangeAction.CREATE)
                                        .resourceRecordSet(
                                            s ->
                                                s.name("orders." + zoneName(zone))
                                                    .type(RRType.A)
                                                    .setIdentifier(setId)
                                                    .weight(weight)
                                                    .ttl(60L)
                                                    .healthCheckId(healthCheck)
                                                    .resourceRecords(v -> v.value(ip))))));
  }

  private static String zoneName(String zone) {
    return aws.route53("aws-east").getHostedZone(r -> r.id(zone)).hostedZone().name();
  }

  private static ServiceTopology service(String zone) {
    var cloud =
        new ServiceTopology.CloudRouter(
            "aws-east",
            "orders." + zoneName(zone),
            "A",
            null,
            Map.of("site-a", "a", "site-b", "b"));
    var traffic =
        new ServiceTopology.Traffic(
            "route53", null, zone, "http://orders.example.test", cloud, java.util.List.of());
    Map<String, ServiceTopology.SiteEndpoints> sites = new LinkedHashMap<>();
    sites.put(
        "site-a",
        new ServiceTopology.SiteEndpoints("http://127.0.0.1:1", rdsDb(P + "orders-a"), "a"));
    sites.put(
        "site-b",
        new ServiceTopology.SiteEndpoints("http://127.0.0.1:2", rdsDb(P + "orders-b"), "b"));
    return new ServiceTopology(
        "orders",
        "site-a",
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        null,
        null,
        null,
        traffic,
        sites);
  }

  private static ServiceTopology.Database rdsDb(String instance) {
    return new ServiceTopology.Database("rds", null, "standby", null, null, instance, null);
  }

  private static Map<String, Integer> ordered(int a, int b) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    weights.put("site-a", a);
    weights.put("site-b", b);
    return weights;
  }
}
