package dev.standby.api;







import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import jakarta.ws.rs.client.Entity;
import org.glassfish.jersey.client.ClientProperties;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The whole app on random ports, and a few calls to it that the tests share. */
public final class ApiTestApp {
  /** The tokens surefire puts in the environment (see the pom), by the role test-config.yml gives them. */
  public static final String VIEWER = "viewer-token-for-tests-only";
  public static final String OPERATOR = "operator-token-for-tests-only";
  public static final String APPROVER = "approver-token-for-tests-only";

  private final DropwizardAppExtension<StandbyApiConfiguration> app;

  private ApiTestApp(DropwizardAppExtension<StandbyApiConfiguration> app) {
    this.app = app;
  }

  /** @param temporalTarget read when the app starts, after the test's Temporal is up */
  public static ApiTestApp against(Supplier<String> temporalTarget, ConfigOverride... more) {
    ConfigOverride[] overrides = java.util.stream.Stream.concat(
        java.util.stream.Stream.of(ConfigOverride.config("temporal.target", temporalTarget)),
        java.util.Arrays.stream(more)).toArray(ConfigOverride[]::new);
    return new ApiTestApp(new DropwizardAppExtension<>(StandbyApiApplication.class,
        ResourceHelpers.resourceFilePath("test-config.yml"), overrides));
  }

  public DropwizardAppExtension<StandbyApiConfiguration> extension() {
    return app;
  }

  /** A request as the operator, who may start, read and stop runs. */
  public Invocation.Builder request(String path) {
    return request(path, OPERATOR);
  }

  /** @param token the bearer token to send; null for none */
  public Invocation.Builder request(String path, String token) {
    // Generous read timeout: a status page may replay a closed run on the worker, slow on a loaded machine.
    Invocation.Builder builder = app.client().target("http://127.0.0.1:" + app.getLocalPort() + path)
        .request(MediaType.APPLICATION_JSON).property(ClientProperties.READ_TIMEOUT, 30_000);
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  public Response post(String path, String json) {
    return post(path, json, OPERATOR);
  }

  public Response post(String path, String json, String token) {
    return request(path, token).post(Entity.entity(json, MediaType.APPLICATION_JSON));
  }

  public int port() {
    return app.getLocalPort();
  }

  public Response get(String path) {
    return request(path).get();
  }

  public Response delete(String path) {
    return request(path).delete();
  }

  public Response admin(String path) {
    return app.client().target("http://127.0.0.1:" + app.getAdminPort() + path).request().get();
  }

  /**
   * GETs {@code path} until its JSON body satisfies {@code condition}; fails after 60 seconds (a failover takes
   * well under a second here, but six builds share two cores).
   */
  public JsonNode awaitJson(String path, Predicate<JsonNode> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      try (Response response = get(path)) {
        last = response.readEntity(JsonNode.class);
      }
      if (condition.test(last)) {
        return last;
      }
      sleep(50);
    }
    throw new AssertionError("GET " + path + " never satisfied the condition; last answer: " + last);
  }

  public static JsonNode json(Response response) {
    try (response) {
      return response.readEntity(JsonNode.class);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
