package dev.standby.api.backup;

import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.activities.BackupActivities;
import dev.standby.api.ApiTestApp;
import dev.standby.backup.UploadProgress;
import dev.standby.model.backup.BackupCopy;
import dev.standby.model.backup.BackupDump;
import dev.standby.model.backup.BackupManifest;
import dev.standby.model.backup.BackupPlan;
import dev.standby.model.backup.ConsistencyCheck;
import dev.standby.model.backup.PruneReport;
import dev.standby.model.backup.RestoreCheck;
import io.temporal.activity.Activity;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Backups and restores through the API, the real workflows over canned backup activities. */
class BackupApiTest {
  private static final CannedBackups backups = new CannedBackups();
  @RegisterExtension static final ApiTestApp api = ApiTestApp.shared();

  @BeforeAll
  static void cannedBackups() {
    api.services().free("vault", "slow", "orders", "uploading");
    api.lab().backups = backups;
  }

  @Test
  void aBackupStartedByTheApiRunsToItsManifest() {
    Response response =
        api.post("/backups", "{\"service\":\"vault\",\"reason\":\"before the migration\"}");

    assertThat(response.getStatus()).isEqualTo(202);
    assertThat(response.getLocation().getPath()).isEqualTo("/backups/vault");
    assertThat(json(response).path("workflowId").asText()).isEqualTo("backup/vault");
    JsonNode done =
        api.awaitJson("/backups/vault", s -> "COMPLETED".equals(s.path("status").asText()));
    assertThat(done.path("result").path("manifest").path("copies")).hasSize(3);
    assertThat(done.path("result").path("manifest").path("keyId").asText()).isEqualTo("k1");
    assertThat(done.path("progress").path("timeline"))
        .extracting(step -> step.path("name").asText())
        .contains("dump-to-local", "copy-and-verify", "prune");
  }

  @Test
  void aSecondBackupOfAServiceWhileOneRunsIsRefused() throws Exception {
    JsonNode first = json(api.post("/backups", "{\"service\":\"slow\"}"));
    assertThat(backups.slowStarted.await(30, TimeUnit.SECONDS)).isTrue();

    Response refused = api.post("/backups", "{\"service\":\"slow\"}");

    assertThat(refused.getStatus()).isEqualTo(409);
    assertThat(json(refused).path("runId").asText()).isEqualTo(first.path("runId").asText());
    backups.releaseSlow.countDown();
    api.awaitJson("/backups/slow", s -> "COMPLETED".equals(s.path("status").asText()));
  }

  @Test
  void aRunningUploadsBytesOfItsTotalAreInTheRunsViewAsItsActivityHeartbeated() throws Exception {
    json(api.post("/backups", "{\"service\":\"uploading\"}"));
    assertThat(backups.uploadHeartbeated.await(30, TimeUnit.SECONDS)).isTrue();

    JsonNode uploading =
        api.awaitJson(
            "/runs/backup/uploading",
            s ->
                s.path("activities").findValues("heartbeat").stream()
                    .anyMatch(h -> h.has("bytes")));
    backups.releaseUpload.countDown();

    JsonNode upload =
        uploading.path("activities").findParents("heartbeat").stream()
            .filter(a -> a.path("heartbeat").has("bytes"))
            .findFirst()
            .orElseThrow();
    assertThat(upload.path("activityType").asText()).isEqualTo("BackupCopy");
    assertThat(upload.path("state").asText()).isEqualTo("STARTED");
    assertThat(upload.path("attempt").asInt()).isEqualTo(1);
    assertThat(upload.path("lastHeartbeatAt").asText()).isNotEmpty();
    assertThat(upload.path("heartbeat").path("target").asText()).isEqualTo("s3");
    assertThat(upload.path("heartbeat").path("bytes").asLong()).isEqualTo(12_400_000L);
    assertThat(upload.path("heartbeat").path("totalBytes").asLong()).isEqualTo(31_000_000L);
    JsonNode done =
        api.awaitJson("/runs/backup/uploading", s -> "COMPLETED".equals(s.path("status").asText()));
    assertThat(done.has("activities")).as("a closed run waits on nothing").isFalse();
  }

  @Test
  void aRestoreReportsWhereItCameFromHowLongItTookAndItsChecks() {
    Response response = api.post("/restores", "{\"service\":\"vault\",\"fromTarget\":\"s3\"}");

    assertThat(response.getStatus()).isEqualTo(202);
    assertThat(json(response).path("workflowId").asText()).isEqualTo("restore-verify/vault");
    JsonNode done =
        api.awaitJson("/restores/vault", s -> "COMPLETED".equals(s.path("status").asText()));
    assertThat(done.path("result").path("verified").asBoolean()).isTrue();
    assertThat(done.path("result").path("restoredFrom").asText()).isEqualTo("s3");
    assertThat(done.path("result").path("restoreMillis").asLong()).isEqualTo(850);
    assertThat(backups.restoredFrom).containsExactly("s3");
  }

  @Test
  void aMalformedBackupIdIsRefusedWithTheField() {
    Response response = api.post("/restores", "{\"service\":\"vault\",\"backupId\":\"yesterday\"}");

    assertThat(response.getStatus()).isEqualTo(422);
    assertThat(json(response).toString()).contains("backupId").contains("is not a backup id");
  }

  /**
   * Canned answers of a 3-2-1 set (local, s3, gcs); {@code slow}'s plan waits until the test
   * releases it.
   */
  static final class CannedBackups implements BackupActivities {
    final CountDownLatch slowStarted = new CountDownLatch(1);
    final CountDownLatch releaseSlow = new CountDownLatch(1);
    final CountDownLatch uploadHeartbeated = new CountDownLatch(1);
    final CountDownLatch releaseUpload = new CountDownLatch(1);
    final List<String> restoredFrom = new CopyOnWriteArrayList<>();

    static BackupCopy copy(String target) {
      return new BackupCopy(
          target,
          target.equals("local") ? "disk" : "object",
          target,
          target + "://b/k",
          "k",
          10,
          "ab");
    }

    @Override
    public BackupPlan plan(String service) {
      if (service.equals("slow")) {
        slowStarted.countDown();
        try {
          releaseSlow.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return new BackupPlan(service, List.of("local", "s3", "gcs"));
    }

    @Override
    public BackupDump dump(String service, String backupId, String target, String site) {
      return new BackupDump(
          copy(target), "pg_dump custom (-Fc)", "0/1", "15", 8, "k1", Map.of("orders", 3L));
    }

    @Override
    public BackupCopy copy(String service, BackupCopy from, String target) {
      if (service.equals("uploading") && target.equals("s3")) {
        // what BackupWriter heartbeats mid-upload: 12.4 of 31 MB sent
        Activity.getExecutionContext()
            .heartbeat(new UploadProgress("k", "upload-1", 12_400_000L, "s3", 31_000_000L));
        uploadHeartbeated.countDown();
        try {
          releaseUpload.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return copy(target);
    }

    @Override
    public BackupCopy verify(String service, BackupCopy copy, String expectedSha256) {
      return copy;
    }

    @Override
    public void writeManifest(BackupManifest manifest) {}

    @Override
    public PruneReport prune(String service, long nowMillis) {
      return new PruneReport(List.of(), List.of(), List.of());
    }

    @Override
    public List<String> applyLifecycle(String service) {
      return List.of();
    }

    @Override
    public List<BackupManifest> listBackups(String service) {
      return List.of(
          new BackupManifest(
              "20261124T020000Z-00000001",
              service,
              0,
              "pg_dump custom (-Fc)",
              "0/1",
              "15",
              8,
              10,
              "ab",
              "k1",
              Map.of("orders", 3L),
              List.of(copy("local"), copy("s3"), copy("gcs"))));
    }

    @Override
    public RestoreCheck restoreAndCheck(String service, BackupManifest manifest, String target) {
      restoredFrom.add(target);
      return new RestoreCheck(
          target,
          10,
          850,
          List.of(new ConsistencyCheck("rows orders", true, "expected 3, found 3")));
    }
  }
}
