package dev.standby.adapters.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.lab.Emulator;
import dev.standby.lab.SharedCloudEmulators;
import dev.standby.storage.ObjectInfo;
import dev.standby.storage.ObjectRead;
import dev.standby.storage.ObjectStore;
import dev.standby.storage.ObjectStoreContract;
import dev.standby.storage.ObjectUpload;
import dev.standby.storage.ObjectWriter;
import dev.standby.storage.StandbyMetadata;
import java.io.ByteArrayInputStream;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/** The object store contract against moto's S3. */
class S3ObjectStoreTest extends ObjectStoreContract {
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
  }

  @AfterAll
  static void disconnect() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Override
  protected ObjectStore open(String bucket) {
    return new S3ObjectStore(s3, bucket);
  }

  @Override
  protected Lifecycle lifecycle() {
    return Lifecycle.STORED;
  }

  @Test
  void theEtagOfAMultipartObjectIsNotTakenForAnMd5() throws Exception {
    byte[] data = random(ObjectStore.PART_SIZE + 1, 3);
    ObjectUpload upload = store.startUpload("parts", Map.of());
    upload.uploadPart(1, data, ObjectStore.PART_SIZE);
    upload.uploadPart(2, java.util.Arrays.copyOfRange(data, ObjectStore.PART_SIZE, data.length), 1);
    upload.complete(Map.of());
    ObjectInfo head = store.head("parts").orElseThrow();
    assertThat(head.etag()).endsWith("-2");
    assertThat(head.md5()).isNull();

    // Written by Standby, the object keeps its multipart ETag and carries the sha256 (known only at
    // the end) as a tag,
    // which head and read give back with the metadata; nothing was copied onto itself.
    ObjectWriter.put(store, "parts", new ByteArrayInputStream(data), Map.of("kind", "dump"));
    ObjectInfo rewritten = store.head("parts").orElseThrow();
    assertThat(rewritten.etag()).endsWith("-2");
    assertThat(rewritten.sha256()).isEqualTo(sha256(data));
    assertThat(rewritten.metadata()).containsEntry("kind", "dump");
    assertThat(
            s3.getObjectTagging(b -> b.bucket(((S3ObjectStore) store).bucket()).key("parts"))
                .tagSet())
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactly(StandbyMetadata.SHA256 + "=" + sha256(data));
    ObjectRead read = store.read("parts");
    read.body().close();
    assertThat(read.info().sha256()).isEqualTo(sha256(data));
  }
}
