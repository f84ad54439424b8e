package dev.standby.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.standby.lab.Emulator;
import dev.standby.lab.SharedCloudEmulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ReplicationConfiguration;
import software.amazon.awssdk.services.s3.model.ReplicationRule;

/**
 * S3 replication rules with Replication Time Control, set through the SDK and read back from moto.
 */
class S3ReplicationRulesTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/standby-replication";

  @RegisterExtension
  static final SharedCloudEmulators clouds = SharedCloudEmulators.of(Emulator.MOTO);

  private static S3Client s3;

  @BeforeAll
  static void connect() {
    s3 =
        S3Clients.create(
            clouds.awsRegion(),
            clouds.awsEndpoint(),
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(clouds.awsAccessKeyId(), clouds.awsSecretAccessKey())));
    s3.createBucket(b -> b.bucket("orders"));
    s3.createBucket(b -> b.bucket("orders-dr"));
  }

  @AfterAll
  static void disconnect() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void aRuleWithReplicationTimeControlIsStoredAndBothBucketsAreVersioned() {
    S3ReplicationRules rules = new S3ReplicationRules(s3);
    assertThat(rules.current("orders")).isNull();

    S3ReplicationRules.Rule rule =
        new S3ReplicationRules.Rule("orders-to-dr", "orders", "orders-dr", "invoices/", ROLE, true);
    rules.apply(rule);
    rules.apply(rule); // again: same configuration, no error

    ReplicationConfiguration config = rules.current("orders");
    assertThat(config.role()).isEqualTo(ROLE);
    ReplicationRule stored = config.rules().get(0);
    assertThat(config.rules()).hasSize(1);
    assertThat(stored.id()).isEqualTo("orders-to-dr");
    assertThat(stored.statusAsString()).isEqualTo("Enabled");
    // moto keeps the rule's filter but answers it without its prefix (an emulator gap: the prefix
    // is not checked here).
    assertThat(stored.filter()).isNotNull();
    assertThat(stored.destination().bucket()).isEqualTo("arn:aws:s3:::orders-dr");
    assertThat(stored.destination().replicationTime().statusAsString()).isEqualTo("Enabled");
    assertThat(stored.destination().replicationTime().time().minutes()).isEqualTo(15);
    assertThat(stored.destination().metrics().statusAsString()).isEqualTo("Enabled");
    // moto answers DeleteMarkerReplication as Disabled whatever was set: not checked here.
    for (String bucket : new String[] {"orders", "orders-dr"}) {
      assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status())
          .isEqualTo(BucketVersioningStatus.ENABLED);
    }
  }

  @Test
  void aRuleThatCannotWorkIsRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(
            () -> new S3ReplicationRules.Rule("r", "orders", "orders-dr", "", "not-an-arn", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("roleArn 'not-an-arn'");
    assertThatThrownBy(() -> new S3ReplicationRules.Rule("r", "orders", "orders", "", ROLE, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source and destination must differ");
  }
}
