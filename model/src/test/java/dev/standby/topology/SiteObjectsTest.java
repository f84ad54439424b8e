package dev.standby.topology;

import static dev.standby.topology.TopologyLoaderTest.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.standby.model.objectsync.StoreSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service's object store per site ({@code sites.<site>.objects}), and what the loader refuses.
 */
@Timeout(10)
class SiteObjectsTest {
  @TempDir Path dir;

  @Test
  void theReadmesLayoutGivesEachSiteItsStoreTheBackupOnlySiteToo() throws IOException {
    ServiceTopology payments =
        TopologyLoader.load(write(SiteRolesTest.LECTURE)).service("payments");

    assertThat(payments.site("aws-us-east-1").objects())
        .isEqualTo(StoreSpec.s3("pay-objects-east", "us-east-1", null));
    assertThat(payments.site("gcp-us-central1").objects())
        .isEqualTo(StoreSpec.gcs("pay-objects-central", "acme-dr", null));
    assertThat(payments.site("azure-eastus").objects())
        .isEqualTo(StoreSpec.azure("pay-objects", "AZURE_BLOB"));
  }

  @Test
  void withoutObjectsNoSiteHasAStore() throws IOException {
    ServiceTopology payments = TopologyLoader.load(write(SiteRolesTest.THREE)).service("payments");

    assertThat(payments.sites().values()).allSatisfy(s -> assertThat(s.objects()).isNull());
  }

  @Test
  void aSiteWithoutAStoreWhenOthersHaveOneIsRefusedNamingIt() throws IOException {
    String yaml =
        SiteRolesTest.LECTURE.replace(
            "        objects: {provider: gcs, bucket: pay-objects-central, project: acme-dr}\n",
            "");

    assertThat(fields(refused(yaml)))
        .singleElement()
        .asString()
        .startsWith(
            "services.payments.sites.gcp-us-central1.objects: is required: aws-us-east-1,"
                + " azure-eastus declare an object store");
  }

  @Test
  void twoSitesSharingAStoreOrAnUnknownProviderAreRefusedAtTheSite() throws IOException {
    String yaml =
        SiteRolesTest.LECTURE
            .replace("bucket: pay-objects-central, project: acme-dr", "bucket: pay-objects-east")
            .replace(
                "provider: gcs, bucket: pay-objects-east", "provider: s3, bucket: pay-objects-east")
            .replace(
                "objects: {provider: azure, bucket: pay-objects,",
                "objects: {provider: ftp, bucket: pay-objects,");

    assertThat(fields(refused(yaml)))
        .anySatisfy(
            f ->
                assertThat(f)
                    .startsWith(
                        "services.payments.sites.gcp-us-central1.objects: s3://pay-objects-east is"
                            + " aws-us-east-1's object store too"))
        .anySatisfy(
            f ->
                assertThat(f)
                    .startsWith(
                        "services.payments.sites.azure-eastus.objects.provider: 'ftp' is not one of"));
  }

  private TopologyException refused(String yaml) throws IOException {
    return catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(write(yaml)));
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("topology.yaml"), yaml);
  }
}
