package dev.standby.adapters.gcp;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.dns.Dns;
import com.google.api.services.sqladmin.SQLAdmin;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Cloud DNS and Cloud SQL Admin clients per GCP site: the site's project, credentials from
 * Application Default Credentials (never the topology), and the site's endpoint as root URL for
 * tests only.
 */
public final class GcpClients {
  private static final HttpTransport TRANSPORT = new NetHttpTransport();
  private final Map<String, Topology.Site> sites;
  private final Supplier<HttpRequestInitializer> credentials;
  private final Map<String, Object> clients = new ConcurrentHashMap<>();

  public GcpClients(Map<String, Topology.Site> sites) {
    this(sites, GcpClients::applicationDefault);
  }

  /**
   * @param credentials signs each request; tests hand in one that adds nothing
   */
  public GcpClients(
      Map<String, Topology.Site> sites, Supplier<HttpRequestInitializer> credentials) {
    this.sites = Map.copyOf(sites);
    this.credentials = credentials;
  }

  public String project(String site) {
    return site(site).project();
  }

  public Dns dns(String site) {
    return (Dns)
        clients.computeIfAbsent(
            "dns/" + site,
            k -> {
              Dns.Builder b =
                  new Dns.Builder(TRANSPORT, GsonFactory.getDefaultInstance(), credentials.get())
                      .setApplicationName("standby");
              if (site(site).endpoint() != null) {
                b.setRootUrl(root(site(site).endpoint()));
              }
              return b.build();
            });
  }

  public SQLAdmin sqlAdmin(String site) {
    return (SQLAdmin)
        clients.computeIfAbsent(
            "sql/" + site,
            k -> {
              SQLAdmin.Builder b =
                  new SQLAdmin.Builder(
                          TRANSPORT, GsonFactory.getDefaultInstance(), credentials.get())
                      .setApplicationName("standby");
              if (site(site).endpoint() != null) {
                b.setRootUrl(root(site(site).endpoint()));
              }
              return b.build();
            });
  }

  private Topology.Site site(String name) {
    Topology.Site site = sites.get(name);
    if (site == null || !"gcp".equals(site.provider())) {
      throw Failures.nonRetryable(
          FailureType.UNSUPPORTED_PROVIDER,
          "site '"
              + name
              + "' is not a gcp site"
              + (site == null ? "" : " (provider " + site.provider() + ")"));
    }
    return site;
  }

  private static String root(String endpoint) {
    return endpoint.endsWith("/") ? endpoint : endpoint + "/";
  }

  private static HttpRequestInitializer applicationDefault() {
    try {
      return new HttpCredentialsAdapter(
          GoogleCredentials.getApplicationDefault()
              .createScoped("https://www.googleapis.com/auth/cloud-platform"));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "no Google Application Default Credentials (gcloud auth application-default "
              + "login, GOOGLE_APPLICATION_CREDENTIALS or the metadata server)",
          e);
    }
  }
}
