package dev.standby.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.adapters.CloneNames;
import dev.standby.adapters.DatabaseCloner.CloneRequest;
import dev.standby.lab.Emulator;
import dev.standby.lab.SharedCloudEmulators;
import dev.standby.model.practice.CloneRecord;
import dev.standby.topology.ServiceTopology;
import dev.standby.topology.Topology;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * The RDS practice clone against moto: a point-in-time restore of the standby's instance into a new
 * one, the same clone found again on a retry, the standby left as it was, and the clone deleted
 * (twice: the second time there is nothing).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RdsClonerAgainstMotoTest {
  @RegisterExtension
  static final SharedCloudEmulators clouds = SharedCloudEmulators.of(Emulator.MOTO);

  private static final String P =
      "c" + java.util.UUID.randomUUID().toString().substring(0, 8) + "-";
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
  void aPointInTimeRestoreOfTheStandbyIsTheCloneAndIsDeletedAfterwards() {
    RdsClient rds = aws.rds("aws-east");
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
    ServiceTopology.Database standby =
        new ServiceTopology.Database("rds", null, "standby", null, null, P + "orders-b", null);
    CloneRequest request =
        new CloneRequest("orders", "aws-east", "drill_orders-run1", standby, null, null);
    RdsCloner cloner = new RdsCloner(aws);
    String name = CloneNames.of(P + "orders-b", "drill_orders-run1");

    CloneRecord clone = cloner.create(request);
    CloneRecord again = cloner.create(request);

    assertThat(clone.provider()).isEqualTo("rds");
    assertThat(clone.id()).isEqualTo(name).startsWith(P + "orders-b-practice-");
    assertThat(clone.host()).isNotBlank();
    assertThat(again.id()).as("a retry finds the same clone").isEqualTo(clone.id());
    DBInstance made =
        rds.describeDBInstances(r -> r.dbInstanceIdentifier(name)).dbInstances().get(0);
    assertThat(made.tagList())
        .anySatisfy(
            t -> {
              assertThat(t.key()).isEqualTo("standby:practice");
              assertThat(t.value()).isEqualTo("drill_orders-run1");
            });
    assertThat(made.dbInstanceStatus()).isEqualTo("available");
    DBInstance source =
        rds.describeDBInstances(r -> r.dbInstanceIdentifier(P + "orders-b")).dbInstances().get(0);
    assertThat(source.readReplicaSourceDBInstanceIdentifier())
        .as("the standby is still a replica")
        .isNotNull();

    assertThat(cloner.remove(request))
        .containsExactly("deleted RDS instance " + name + " (no final snapshot)");
    assertThat(cloner.remove(request)).as("nothing left to remove").isEmpty();
  }
}
