package dev.standby.adapters.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.standby.topology.Topology;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.time.OffsetDateTime;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import reactor.core.publisher.Mono;

/**
 * Azure clients aimed at a local WireMock over TLS: the SDK sends bearer tokens only over https, so
 * WireMock serves its self-signed certificate and this client trusts it. The token is a fixed test
 * value.
 */
final class AzureTestClients {
  static final String TOKEN = "test-token-not-a-secret";

  private AzureTestClients() {}

  static AzureClients against(WireMockServer wireMock, String site, String subscription) {
    Topology.Site azure =
        new Topology.Site(
            site, "azure", null, null, subscription, "https://localhost:" + wireMock.httpsPort());
    TokenCredential credential =
        request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
    return new AzureClients(Map.of(site, azure), () -> credential, trustingClient());
  }

  private static HttpClient trustingClient() {
    try {
      var ssl =
          SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
      return new NettyAsyncHttpClientBuilder(
              reactor.netty.http.client.HttpClient.create()
                  .secure(
                      spec ->
                          spec.sslContext(ssl)
                              .handlerConfigurator(
                                  handler -> {
                                    SSLEngine engine = handler.engine();
                                    SSLParameters parameters = engine.getSSLParameters();
                                    parameters.setEndpointIdentificationAlgorithm(null);
                                    engine.setSSLParameters(parameters);
                                  })))
          .build();
    } catch (SSLException e) {
      throw new IllegalStateException(e);
    }
  }
}
