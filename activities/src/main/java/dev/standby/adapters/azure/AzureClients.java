package dev.standby.adapters.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.postgresqlflexibleserver.PostgreSqlManager;
import com.azure.resourcemanager.trafficmanager.TrafficManager;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.topology.Topology;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Azure Resource Manager clients per Azure site: the site's subscription, credentials from the
 * default chain ({@code DefaultAzureCredential}: environment, workload or managed identity, Azure
 * CLI), never the topology. A site's endpoint replaces the Resource Manager URL, for tests only.
 */
public final class AzureClients {
  private final Map<String, Topology.Site> sites;
  private final Supplier<TokenCredential> credential;
  private final HttpClient httpClient;
  private final Map<String, Object> clients = new ConcurrentHashMap<>();

  public AzureClients(Map<String, Topology.Site> sites) {
    this(sites, () -> new DefaultAzureCredentialBuilder().build(), null);
  }

  /**
   * @param httpClient null for the SDK's default; tests hand in one that trusts their local TLS
   *     certificate
   */
  public AzureClients(
      Map<String, Topology.Site> sites,
      Supplier<TokenCredential> credential,
      HttpClient httpClient) {
    this.sites = Map.copyOf(sites);
    this.credential = credential;
    this.httpClient = httpClient;
  }

  public TrafficManager trafficManager(String site) {
    return (TrafficManager)
        clients.computeIfAbsent(
            "tm/" + site,
            k -> {
              TrafficManager.Configurable c = TrafficManager.configure();
              if (httpClient != null) {
                c.withHttpClient(httpClient);
              }
              return c.authenticate(credential.get(), profile(site));
            });
  }

  public PostgreSqlManager postgres(String site) {
    return (PostgreSqlManager)
        clients.computeIfAbsent(
            "pg/" + site,
            k -> {
              PostgreSqlManager.Configurable c = PostgreSqlManager.configure();
              if (httpClient != null) {
                c.withHttpClient(httpClient);
              }
              return c.authenticate(credential.get(), profile(site));
            });
  }

  private AzureProfile profile(String name) {
    Topology.Site site = sites.get(name);
    if (site == null || !"azure".equals(site.provider())) {
      throw Failures.nonRetryable(
          FailureType.UNSUPPORTED_PROVIDER,
          "site '"
              + name
              + "' is not an azure site"
              + (site == null ? "" : " (provider " + site.provider() + ")"));
    }
    AzureEnvironment environment = AzureEnvironment.AZURE;
    if (site.endpoint() != null) {
      Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
      endpoints.put(
          "resourceManagerEndpointUrl",
          site.endpoint().endsWith("/") ? site.endpoint() : site.endpoint() + "/");
      environment = new AzureEnvironment(endpoints);
    }
    return new AzureProfile(null, site.subscription(), environment);
  }
}
