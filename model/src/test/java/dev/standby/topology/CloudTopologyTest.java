package dev.standby.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sites in clouds, managed databases, cloud routers and compute groups in the topology. */
class CloudTopologyTest {
  static final String CLOUDS =
      """
      sites:
        aws-east: {provider: aws, region: us-east-1}
        gcp-central: {provider: gcp, project: acme-prod, endpoint: "http://127.0.0.1:9999"}
        azure-west: {provider: azure, subscription: sub-1}
      services:
        payments:
          primarySite: aws-east
          objectives: {rto: 30s, rpo: 5s}
          traffic:
            provider: route53
            site: aws-east
            group: Z0ZONE
            record: payments.example.com.
            frontDoor: "https://payments.example.com"
            targets: {aws-east: east}
            also:
              - {provider: clouddns, site: gcp-central, group: zone-1, record: payments.example.com., targets: {gcp-central: 192.0.2.20}}
              - {provider: trafficmanager, site: azure-west, group: payments-tm, resourceGroup: rg-dr}
          sites:
            aws-east:
              app: "https://east.example.com"
              database: {provider: rds, instance: payments-east}
              compute: {provider: autoscaling, group: app-east, active: 4, standby: 1}
            gcp-central:
              app: "https://central.example.com"
              database: {provider: cloudsql, instance: payments-central, url: "jdbc:postgresql://10.0.0.5/orders"}
            azure-west:
              app: "https://west.example.com"
              database: {provider: azure-postgresql, instance: payments-west, resourceGroup: rg-dr}
      """;

  @TempDir Path dir;

  @Test
  void readsCloudSitesManagedDatabasesRoutersAndComputeGroups() throws IOException {
    Topology topology = TopologyLoader.load(write(CLOUDS));

    assertThat(topology.sites().get("gcp-central"))
        .isEqualTo(
            new Topology.Site(
                "gcp-central", "gcp", null, "acme-prod", null, "http://127.0.0.1:9999"));
    ServiceTopology payments = topology.service("payments");
    assertThat(payments.traffic().cloud())
        .isEqualTo(
            new ServiceTopology.CloudRouter(
                "aws-east",
                "payments.example.com.",
                "A",
                null,
                Map.of(
                    "aws-east", "east", "gcp-central", "gcp-central", "azure-west", "azure-west")));
    assertThat(payments.traffic().also())
        .extracting(ServiceTopology.Traffic::provider)
        .containsExactly("clouddns", "trafficmanager");
    assertThat(payments.traffic().also().get(1).cloud().resourceGroup()).isEqualTo("rg-dr");
    assertThat(payments.site("aws-east").database().instance()).isEqualTo("payments-east");
    assertThat(payments.site("aws-east").compute())
        .isEqualTo(new ServiceTopology.Compute("autoscaling", "app-east", 4, 1));
    assertThat(payments.site("gcp-central").compute()).isNull();
    assertThat(payments.site("azure-west").database().resourceGroup()).isEqualTo("rg-dr");
  }

  @Test
  void reportsEveryCloudMistakeWithItsField() throws IOException {
    String broken =
        CLOUDS
            .replace("aws-east: {provider: aws, region: us-east-1}", "aws-east: {provider: aws}")
            .replace(
                "azure-west: {provider: azure, subscription: sub-1}",
                "azure-west: {provider: azure, subscription: sub-1}\n" + "  moon: {provider: ibm}")
            .replace(
                "{provider: rds, instance: payments-east}",
                "{provider: cloudsql, instance: payments-east}")
            .replace(
                "{provider: azure-postgresql, instance: payments-west, resourceGroup: rg-dr}",
                "{provider: azure-postgresql, instance: payments-west}")
            .replace("active: 4, standby: 1", "active: 1, standby: 4")
            .replace(
                "{provider: trafficmanager, site: azure-west,",
                "{provider: trafficmanager, site: gcp-central,");

    TopologyException e =
        catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(write(broken)));

    assertThat(TopologyLoaderTest.fields(e))
        .containsExactlyInAnyOrder(
            "sites.aws-east.region: is required (an aws site needs its region (e.g. us-east-1))",
            "sites.moon.provider: 'ibm' is not one of: aws, azure, gcp, lab",
            "services.payments.sites.aws-east.database.provider: cloudsql needs a site with provider gcp, but site 'aws-east' has provider aws",
            "services.payments.sites.azure-west.database.resourceGroup: is required (an azure-postgresql server needs its resource group)",
            "services.payments.sites.aws-east.compute.active: 1 is below standby 4 (active is the capacity while the site serves)",
            "services.payments.traffic.also[1].site: trafficmanager needs a site with provider azure, but site 'gcp-central' has provider gcp");
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("topology.yaml"), yaml);
  }
}
