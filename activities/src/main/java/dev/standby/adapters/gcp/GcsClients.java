package dev.standby.adapters.gcp;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.apache.v5.Apache5HttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.net.URI;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;

/**
 * GCS clients: Application Default Credentials, or no credentials at all with a host override
 * (fake-gcs-server).
 */
public final class GcsClients {
  /**
   * Enough kept-alive connections for a sync's copy pool plus its listings. The default transport,
   * the JDK's HttpURLConnection, keeps 5 per process unless a system property says otherwise.
   */
  private static final int MAX_CONNECTIONS = 64;

  private GcsClients() {}

  public static Storage create(String project, URI hostOverride) {
    HttpTransport transport =
        new Apache5HttpTransport(
            Apache5HttpTransport.newDefaultHttpClientBuilder()
                .setConnectionManager(
                    PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .build())
                .build());
    StorageOptions.Builder builder =
        StorageOptions.newBuilder()
            .setTransportOptions(
                HttpTransportOptions.newBuilder().setHttpTransportFactory(() -> transport).build());
    if (project != null && !project.isBlank()) {
      builder.setProjectId(project);
    }
    if (hostOverride != null) {
      builder.setHost(hostOverride.toString()).setCredentials(NoCredentials.getInstance());
    }
    return builder.build().getService();
  }

  /**
   * The JSON API client with {@code storage}'s host, credentials and HTTP transport (so its
   * connections too).
   */
  static com.google.api.services.storage.Storage jsonApi(Storage storage) {
    StorageOptions options = storage.getOptions();
    if (!(options.getTransportOptions() instanceof HttpTransportOptions http)) {
      throw new IllegalArgumentException(
          "GCS client over " + options.getTransportOptions() + ": Standby needs HTTP");
    }
    String host = options.getHost();
    return new com.google.api.services.storage.Storage.Builder(
            http.getHttpTransportFactory().create(),
            GsonFactory.getDefaultInstance(),
            http.getHttpRequestInitializer(options))
        .setRootUrl(host.endsWith("/") ? host : host + "/")
        .setApplicationName("standby")
        .build();
  }
}
