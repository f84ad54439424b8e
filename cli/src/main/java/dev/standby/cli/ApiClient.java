package dev.standby.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The REST API over HTTP: JSON in and out, errors as {@link ApiException}. */
public class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();
  private final CliConfig config;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ApiClient(CliConfig config) {
    this.config = config;
  }

  public JsonNode get(String path) {
    return send(request(path).GET());
  }

  public JsonNode post(String path, Object body) {
    try {
      String json = body == null ? "{}" : JSON.writeValueAsString(body);
      return send(
          request(path)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(json)));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the request: " + e.getMessage(), e);
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(config.url() + path)).timeout(Duration.ofSeconds(30));
    if (config.token() != null) {
      b.header("Authorization", "Bearer " + config.token());
    }
    return b;
  }

  private JsonNode send(HttpRequest.Builder builder) {
    HttpRequest req = builder.build();
    HttpResponse<String> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new ConnectionException("cannot reach the API at " + config.url() + ": " + e);
    } catch (IOException e) {
      throw new ConnectionException(req.method() + " " + req.uri() + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException("interrupted");
    }
    JsonNode body = parse(resp.body());
    if (resp.statusCode() >= 300) {
      String message =
          body != null && body.hasNonNull("error") ? body.get("error").asText() : resp.body();
      throw new ApiException(
          resp.statusCode(), req.method() + " " + req.uri().getPath() + ": " + message);
    }
    return body;
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(body);
    }
  }

  /** The API could not be reached or did not answer: not the run's fault, exit 2. */
  public static class ConnectionException extends RuntimeException {
    public ConnectionException(String message) {
      super(message);
    }
  }
}
