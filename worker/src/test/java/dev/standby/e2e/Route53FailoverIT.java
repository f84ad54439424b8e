package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.lab.Emulator;
import dev.standby.lab.Lab;
import dev.standby.lab.SharedCloudEmulators;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import dev.standby.worker.StandbyWorker;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * The lab with public DNS in front of its load balancer: the payments traffic block lists HAProxy
 * first and a Route 53 weighted record pair (on moto) in {@code also}, so one failover moves both.
 * Site-b is an AWS site whose app tier is an Auto Scaling group (on moto) at standby capacity,
 * which the failover scales up before it fences. Checked on moto afterwards.
 */
// A whole drive of the lab (failovers, drills, restarts): minutes, not the unit tests' default 120
// s.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class Route53FailoverIT {
  private static final String RECORD = "payments.lab.test.";

  @RegisterExtension
  static final SharedCloudEmulators clouds = SharedCloudEmulators.of(Emulator.MOTO);

  private static final String GROUP = "payments-app-b";
  private static Lab lab;
  private static Route53Client route53;
  private static AutoScalingClient autoScaling;
  private static WorkflowServiceStubs service;
  private static StandbyWorker worker;
  private static String zone;

  @BeforeAll
  static void start() throws IOException {
    lab = Lab.start("route53-failover", true);
    route53 =
        Route53Client.builder()
            .endpointOverride(clouds.awsEndpoint())
            .region(Region.of(clouds.awsRegion()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        clouds.awsAccessKeyId(), clouds.awsSecretAccessKey())))
            .build();
    zone =
        route53
            .createHostedZone(r -> r.name("lab.test.").callerReference("route53-failover"))
            .hostedZone()
            .id();
    weighted("site-a", "127.0.0.1", 100);
    weighted("site-b", "127.0.0.2", 0);
    autoScaling =
        AutoScalingClient.builder()
            .endpointOverride(clouds.awsEndpoint())
            .region(Region.of(clouds.awsRegion()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        clouds.awsAccessKeyId(), clouds.awsSecretAccessKey())))
            .build();
    autoScaling.createLaunchConfiguration(
        r ->
            r.launchConfigurationName("payments-app")
                .imageId("ami-12c6146b")
                .instanceType("t3.micro"));
    autoScaling.createAutoScalingGroup(
        r ->
            r.autoScalingGroupName(GROUP)
                .launchConfigurationName("payments-app")
                .minSize(0)
                .maxSize(4)
                .desiredCapacity(1)
                .availabilityZones(clouds.awsRegion() + "a"));
    // The worker finds AWS credentials where it would in production, through the SDK's default
    // chain (here its
    // system properties, holding moto's public test values); the topology names none.
    System.setProperty("aws.accessKeyId", clouds.awsAccessKeyId());
    System.setProperty("aws.secretAccessKey", clouds.awsSecretAccessKey());
    Topology topology = TopologyLoader.load(withRoute53(lab.topologyPath(), clouds));
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(topology.temporal().target())
                .build());
    worker = StandbyWorker.start(topology, "127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    if (worker != null) {
      worker.close();
    }
    if (service != null) {
      service.shutdown();
    }
    if (route53 != null) {
      route53.close();
    }
    if (autoScaling != null) {
      autoScaling.close();
    }
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void aFailoverScalesUpTheTargetsGroupAndFlipsTheHaproxyWeightsAndTheRoute53WeightedRecords()
      throws IOException {
    WorkflowClient client =
        WorkflowClient.newInstance(
            service,
            WorkflowClientOptions.newBuilder().setNamespace(lab.temporalNamespace()).build());
    FailoverWorkflow failover =
        client.newWorkflowStub(
            FailoverWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.failover("payments"))
                .setTaskQueue(WorkflowIds.TASK_QUEUE)
                .build());

    FailoverResult result =
        failover.failover(FailoverRequest.planned("payments", "site-b", "route53 failover test"));
    saveHistory(client, "failover-planned-scales-up-compute");

    assertThat(result.weights()).containsEntry("site-a", 0).containsEntry("site-b", 100);
    assertThat(result.verification().allServedByExpected()).isTrue();
    assertThat(lab.haproxyCommand("get weight " + lab.haproxyBackend() + "/site-a"))
        .as("HAProxy")
        .startsWith("0 ");
    Map<String, ResourceRecordSet> records =
        route53.listResourceRecordSets(r -> r.hostedZoneId(zone)).resourceRecordSets().stream()
            .filter(r -> r.name().equals(RECORD))
            .collect(Collectors.toMap(ResourceRecordSet::setIdentifier, r -> r));
    assertThat(records.get("site-a").weight())
        .as("Route 53 weight of site-a after the failover")
        .isZero();
    assertThat(records.get("site-b").weight()).isEqualTo(100L);
    assertThat(records.get("site-b").resourceRecords().get(0).value())
        .as("values untouched")
        .isEqualTo("127.0.0.2");
    assertThat(result.steps())
        .extracting(s -> s.name())
        .containsSubsequence("check-target", "scale-up-target", "fence-source");
    assertThat(
            autoScaling
                .describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP))
                .autoScalingGroups()
                .get(0)
                .desiredCapacity())
        .as("site-b's group at its active capacity")
        .isEqualTo(4);
  }

  /** For HistoryReplayTest: the one recorded run that scales compute. */
  private static void saveHistory(WorkflowClient client, String name) throws IOException {
    Path file = Path.of("target", "e2e-histories", name + ".json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, client.fetchHistory(WorkflowIds.failover("payments")).toJson(true));
  }

  private static void weighted(String setId, String ip, long weight) {
    route53.changeResourceRecordSets(
        r ->
            r.hostedZoneId(zone)
                .changeBatch(
                    b ->
                        b.changes(
                            c ->
                                c.action(ChangeAction.CREATE)
                                    .resourceRecordSet(
                                        s ->
                                            s.name(RECORD)
                                                .type(RRType.A)
                                                .setIdentifier(setId)
                                                .weight(weight)
                                                .ttl(30L)
                                                .resourceRecords(v -> v.value(ip))))));
  }

  /**
   * The lab's topology plus an AWS account on moto and, behind HAProxy in the payments traffic
   * block, the Route 53 weighted records: the shape a user writes for a load balancer per site with
   * public DNS in front. Site-b moves to AWS (on moto) with a compute group.
   */
  private static Path withRoute53(Path labTopology, SharedCloudEmulators clouds)
      throws IOException {
    String yaml = Files.readString(labTopology);
    String withAccount =
        yaml.replaceFirst(
            "(?m)^sites:\n",
            "sites:\n  aws-account: {provider: aws, region: "
                + clouds.awsRegion()
                + ", endpoint: \""
                + clouds.awsEndpoint()
                + "\"}\n");
    String siteBOnAws =
        withAccount.replaceFirst(
            "(?m)^  site-b: \\{provider: lab, region: [^}]+}$",
            "  site-b: {provider: aws, region: "
                + clouds.awsRegion()
                + ", endpoint: \""
                + clouds.awsEndpoint()
                + "\"}");
    String withCompute =
        siteBOnAws.replaceFirst(
            "(?m)^      site-b:\n",
            "      site-b:\n        compute: {provider: "
                + "autoscaling, group: "
                + GROUP
                + ", active: 4, standby: 1}\n");
    String withAlso =
        withCompute.replaceFirst(
            "(frontDoor: \"[^\"]+\")}",
            "$1, also: [{provider: route53, site: "
                + "aws-account, group: "
                + zone.replace("/hostedzone/", "")
                + ", record: "
                + RECORD
                + ", type: A}]}");
    assertThat(withAlso)
        .as("the lab topology has the shape this test edits")
        .contains("also: [")
        .contains("aws-account")
        .contains("site-b: {provider: aws")
        .contains("compute: {provider: autoscaling");
    Path file = labTopology.resolveSibling("topology-route53.yaml");
    Files.writeString(file, withAlso);
    return file;
  }
}
