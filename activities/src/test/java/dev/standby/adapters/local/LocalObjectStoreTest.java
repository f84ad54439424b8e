package dev.standby.adapters.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.storage.ObjectStore;
import dev.standby.storage.ObjectStoreContract;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object store contract on a temp directory, plus what only a directory can get wrong. */
class LocalObjectStoreTest extends ObjectStoreContract {
  @TempDir Path dir;

  @Override
  protected ObjectStore open(String bucket) {
    return new LocalObjectStore(dir.resolve(bucket));
  }

  @Override
  protected Lifecycle lifecycle() {
    return Lifecycle.UNSUPPORTED;
  }

  @Test
  void standbysOwnFilesAreNeitherListedNorWritable() {
    store.putSmall("a", new byte[] {1}, 1, Map.of("x", "y"));
    store.startUpload("pending", Map.of());
    assertThat(store.list("", null, 100).objects()).extracting(o -> o.key()).containsExactly("a");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> store.putSmall(".standby/meta/a.properties", new byte[0], 0, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reserved");
  }

  @Test
  void aFileReplacedByHandLosesItsStaleChecksum() throws Exception {
    store.putSmall("a", new byte[] {1}, 1, Map.of());
    Path file = dir.resolve(bucket).resolve("a");
    Files.writeString(file, "changed by hand", StandardCharsets.UTF_8);
    Files.setLastModifiedTime(
        file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    assertThat(store.head("a").orElseThrow().sha256()).isNull();
    assertThat(store.head("a").orElseThrow().md5()).isNull();
  }
}
