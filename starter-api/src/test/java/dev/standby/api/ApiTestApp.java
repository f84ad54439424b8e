package dev.standby.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The whole app on random ports, and a few calls to it that the tests share. */
public final class ApiTestApp {
  private final DropwizardAppExtension<StandbyApiConfiguration> app;

  private ApiTestApp(DropwizardAppExtension<StandbyApiConfiguration> app) {
    this.app = app;
  }

  /** @param temporalTarget read when the app starts, after the test's Temporal is up */
  public static ApiTestApp against(Supplier<String> temporalTarget) {
    return new ApiTestApp(new DropwizardAppExtension<>(StandbyApiApplication.class,
        ResourceHelpers.resourceFilePath("test-config.yml"),
        ConfigOverride.config("temporal.target", temporalTarget)));
  }

  public DropwizardAppExtension<StandbyApiConfiguration> extension() {
    return app;
  }

  public Invocation.Builder request(String path) {
    return app.client().target("http://127.0.0.1:" + app.getLocalPort() + path).request(MediaType.APPLICATION_JSON);
  }

  public Response post(String path, String json) {
    return request(path).post(Entity.entity(json, MediaType.APPLICATION_JSON));
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

  /** GETs {@code path} until its JSON body satisfies {@code condition}; fails after 10 seconds. */
  public JsonNode awaitJson(String path, Predicate<JsonNode> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
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
