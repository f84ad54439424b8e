package dev.standby.topology;

import static dev.standby.topology.TopologyLoaderTest.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three sites: AWS primary, GCP standby, Azure backup-only; and what the loader refuses. */
@Timeout(10)
class SiteRolesTest {
  static final String THREE =
      """
      temporal: {target: "127.0.0.1:7233"}
      sites:
        aws-us-east-1: {provider: lab, region: local-a}
        gcp-us-central1: {provider: lab, region: local-b}
        gcp-europe-west1: {provider: lab, region: local-c}
        azure-eastus: {provider: lab, region: local-d}
      services:
        payments:
          primarySite: aws-us-east-1
          objectives: {rto: 30s, rpo: 5s}
          traffic: {provider: haproxy, admin: "127.0.0.1:18099", group: be_payments, frontDoor: "http://127.0.0.1:18080"}
          sites:
            aws-us-east-1:
              app: "http://127.0.0.1:18081"
              database: {url: "jdbc:postgresql://127.0.0.1:15432/orders"}
            gcp-us-central1:
              app: "http://127.0.0.1:18082"
              database: {url: "jdbc:postgresql://127.0.0.1:15433/orders"}
              priority: 90
            gcp-europe-west1:
              app: "http://127.0.0.1:18083"
              database: {url: "jdbc:postgresql://127.0.0.1:15434/orders"}
              priority: 10
            azure-eastus:
              backupOnly: true
      """;

  /** The README's three-cloud layout, word for word after its first line. */
  static final String LECTURE =
      """
      temporal: {target: "127.0.0.1:7233"}
      sites:
        aws-us-east-1: {provider: aws, region: us-east-1}
        gcp-us-central1: {provider: gcp, project: acme-dr}
        azure-eastus: {provider: azure, subscription: 00000000-0000-0000-0000-000000000000}
      services:
        payments:
          primarySite: aws-us-east-1
          objectives: {rto: 5m, rpo: 30s}
          traffic: {provider: route53, site: aws-us-east-1, group: Z0HOSTEDZONE, record: payments.example.com., type: A,
                    frontDoor: "https://payments.example.com"}       # one weighted record per site that takes traffic
          sites:
            aws-us-east-1:
              app: "https://payments-east.example.com"
              database: {provider: rds, instance: payments-east, url: "jdbc:postgresql://east.db.example.com/orders"}
              objects: {provider: s3, bucket: pay-objects-east, region: us-east-1}   # object sync: the primary's into the others'
            gcp-us-central1:
              app: "https://payments-central.example.com"
              database: {provider: cloudsql, instance: payments-central, url: "jdbc:postgresql://10.0.0.5/orders"}
              priority: 90
              objects: {provider: gcs, bucket: pay-objects-central, project: acme-dr}
            azure-eastus:
              backupOnly: true          # 3-2-1 copies and object replicas only: never elected, no traffic
              objects: {provider: azure, bucket: pay-objects, connectionStringEnv: AZURE_BLOB}
          backup:
            keyId: payments-2026
            keyEnv: PAYMENTS_BACKUP_KEY
            targets:                    # in the lab: moto, fake-gcs-server and Azurite (`lab up --with clouds`)
              local: {provider: filesystem, path: /var/backups/standby}   # 3-2-1: a second kind of media
              s3: {provider: s3, bucket: pay-backups, region: us-east-1}
              gcs: {provider: gcs, bucket: pay-backups, project: acme-dr}
              azure: {provider: azure, bucket: pay-backups, connectionStringEnv: AZURE_BLOB}
      """;

  @TempDir Path dir;

  @Test
  void theReadmesThreeCloudLayoutLoads() throws IOException {
    ServiceTopology payments = TopologyLoader.load(write(LECTURE)).service("payments");

    assertThat(payments.primarySite()).isEqualTo("aws-us-east-1");
    assertThat(payments.site("gcp-us-central1").priority()).isEqualTo(90);
    assertThat(payments.site("azure-eastus").backupOnly()).isTrue();
    assertThat(payments.servingSites()).containsOnlyKeys("aws-us-east-1", "gcp-us-central1");
  }

  @Test
  void readsPrioritiesAndABackupOnlySiteWithNeitherAppNorDatabase() throws IOException {
    ServiceTopology payments = TopologyLoader.load(write(THREE)).service("payments");

    assertThat(payments.site("gcp-us-central1").priority()).isEqualTo(90);
    assertThat(payments.site("gcp-europe-west1").priority()).isEqualTo(10);
    assertThat(payments.site("aws-us-east-1").priority())
        .as("the default, as pg_auto_failover's")
        .isEqualTo(50);
    assertThat(payments.site("azure-eastus").backupOnly()).isTrue();
    assertThat(payments.site("azure-eastus").app()).isNull();
    assertThat(payments.site("azure-eastus").database()).isNull();
    assertThat(payments.servingSites())
        .containsOnlyKeys("aws-us-east-1", "gcp-us-central1", "gcp-europe-west1");
  }

  @Test
  void aBackupOnlyPrimaryIsRefusedNamingTheServiceAndTheSite() throws IOException {
    TopologyException e =
        refused(THREE.replace("primarySite: aws-us-east-1", "primarySite: azure-eastus"));

    assertThat(fields(e))
        .singleElement()
        .asString()
        .startsWith(
            "services.payments.sites.azure-eastus.backupOnly: service 'payments': its primarySite azure-eastus is backupOnly");
  }

  @Test
  void aServiceWhoseOtherSitesAreAllBackupOnlyHasNoStandby() throws IOException {
    String yaml =
        THREE
            .replace("        priority: 90\n", "        priority: 90\n        backupOnly: true\n")
            .replace("        priority: 10\n", "        priority: 10\n        backupOnly: true\n");

    assertThat(fields(refused(yaml)))
        .singleElement()
        .asString()
        .startsWith(
            "services.payments.sites: service 'payments' has no standby site: every site but its primary aws-us-east-1 is backupOnly");
  }

  @Test
  void aPriorityOutside0To100IsRefusedAtTheSite() throws IOException {
    assertThat(fields(refused(THREE.replace("priority: 90", "priority: 101"))))
        .containsExactly(
            "services.payments.sites.gcp-us-central1.priority: must be a whole number from 0 (never elected unless named) to 100, found '101'");
    assertThat(fields(refused(THREE.replace("priority: 10", "priority: -1"))))
        .singleElement()
        .asString()
        .startsWith("services.payments.sites.gcp-europe-west1.priority: must be a whole number");
  }

  @Test
  void aSiteNamedTwiceOrTwoSitesSharingADatabaseAreRefused() throws IOException {
    String twice =
        THREE.replace(
            "      azure-eastus:\n        backupOnly: true\n",
            "      azure-eastus:\n        backupOnly: true\n      gcp-us-central1:\n        backupOnly: true\n");
    assertThat(fields(refused(twice)))
        .contains("services.payments.sites.gcp-us-central1: appears twice");

    String shared = THREE.replace("127.0.0.1:15434/orders", "127.0.0.1:15433/orders");
    assertThat(fields(refused(shared)))
        .containsExactly(
            "services.payments.sites.gcp-europe-west1.database.url: service 'payments': sites gcp-us-central1 and gcp-europe-west1 name the same database 'jdbc:postgresql://127.0.0.1:15433/orders'; each site is its own place, with its own database");
  }

  private TopologyException refused(String yaml) throws IOException {
    return catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(write(yaml)));
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("topology.yaml"), yaml);
  }
}
