package dev.standby.adapters.gcs;

import com.google.api.client.json.gson.GsonFactory;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
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

  /** The JSON API client with {@code storage}'s host, credentials and HTTP transport. */
  static com.google.api.services.storage.Storage jsonApi(Storage storage) {
    StorageOptions options = storage.getOptions();
    if (!(options.getTransportOptions() instanceof HttpTransportOptions http)) {
      throw new IllegalArgumentException("GCS client over " + options.getTransportOptions() + ": Standby needs HTTP");
    }
    String host = options.getHost();
    return new com.google.api.services.storage.Storage.Builder(http.getHttpTransportFactory().create(),
        GsonFactory.getDefaultInstance(), http.getHttpRequestInitializer(options))
        .setRootUrl(host.endsWith("/") ? host : host + "/")
        .setApplicationName("standby")
        .build();
  }
}
