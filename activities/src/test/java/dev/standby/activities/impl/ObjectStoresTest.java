package dev.standby.activities.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.standby.model.objectsync.StoreSpec;
import dev.standby.storage.ObjectStore;
import dev.standby.topology.ServiceTopology.BackupTarget;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one store factory: the same spec gives the same store, and each mistake names its block and
 * field.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ObjectStoresTest {
  @TempDir Path dir;

  private final ObjectStores stores = new ObjectStores(Map.of("AWS_KEY", "key")::get);

  @AfterEach
  void closeClients() {
    stores.close();
  }

  @Test
  void theSameSpecGivesTheSameStoreAndAFilesystemStoreIsItsDirectory() {
    StoreSpec spec = StoreSpec.filesystem(dir.toString());

    ObjectStore store = stores.open("object sync orders: target", spec);

    assertThat(stores.open("backup target 'local'", new BackupTarget(spec, "disk", "onprem")))
        .isSameAs(store);
    store.putSmall("a", new byte[] {1}, 1, Map.of());
    assertThat(dir.resolve("a")).exists();
  }

  @Test
  void bucketsBehindOneEndpointShareOneSdkClient() {
    stores.open("object sync a: source", StoreSpec.s3("one", "eu-west-1", "http://127.0.0.1:1"));
    stores.open("object sync b: source", StoreSpec.s3("two", "eu-west-1", "http://127.0.0.1:1"));
    stores.open("object sync c: source", StoreSpec.s3("three", "eu-west-1", "http://127.0.0.1:2"));

    assertThat(stores.clients()).isEqualTo(2);
  }

  @Test
  void theRetiredWordLocalSaysWhichWordToUse() {
    assertThatThrownBy(
            () ->
                stores.open(
                    "object sync orders: source",
                    new StoreSpec("local", null, null, null, null, null, "/tmp/x", null, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "object sync orders: source: provider: 'local' is no longer a store provider: use 'filesystem'");
  }

  @Test
  void anUnsetCredentialVariableNamesTheBlockTheFieldAndTheVariable() {
    StoreSpec s3 =
        new StoreSpec("s3", "b", "eu-west-1", null, null, null, null, "AWS_KEY", "AWS_SECRET");

    assertThatThrownBy(() -> stores.open("s3", new BackupTarget(s3, "object", "aws")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backup target 's3': secretKeyEnv: environment variable AWS_SECRET is not set");
    assertThatThrownBy(
            () -> stores.open("object sync orders: target", StoreSpec.azure("replica", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("object sync orders: target: connectionStringEnv: is required");
    assertThatThrownBy(() -> stores.open("backup target 'gcs'", StoreSpec.gcs(null, "p", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backup target 'gcs': bucket: is required");
  }
}
