package dev.standby.adapters.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.net.URI;

/** GCS clients: Application Default Credentials, or no credentials at all with a host override (fake-gcs-server). */
public final class GcsClients {
  private GcsClients() {}

  public static Storage create(String project, URI hostOverride) {
    StorageOptions.Builder builder = StorageOptions.newBuilder();
    if (project != null && !project.isBlank()) {
      builder.setProjectId(project);
    }
    if (hostOverride != null) {
      builder.setHost(hostOverride.toString()).setCredentials(NoCredentials.getInstance());
    }
    return builder.build().getService();
  }
}
