package dev.standby.adapters.slack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slack's Web API as far as Standby uses it, on 127.0.0.1: records each call and answers {@code ok}
 * with a message timestamp, or the error a test asks for. Never slack.com.
 */
public final class SlackWebApiStub implements AutoCloseable {
  /**
   * One call: the method (e.g. {@code chat.postMessage}), its bearer token and its form or JSON
   * parameters.
   */
  public record Call(String method, String token, Map<String, String> params, String body) {}

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, String> errors = new ConcurrentHashMap<>();
  private final AtomicInteger ts = new AtomicInteger();

  private SlackWebApiStub(HttpServer server) {
    this.server = server;
  }

  public static SlackWebApiStub start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      SlackWebApiStub stub = new SlackWebApiStub(server);
      server.createContext("/api/", stub::answer);
      server.start();
      return stub;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The prefix to give the Slack client: {@code http://127.0.0.1:PORT/api/}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
  }

  /** Makes every later call of {@code method} answer {@code {"ok":false,"error":error}}. */
  public void failWith(String method, String error) {
    errors.put(method, error);
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  public void reset() {
    calls.clear();
    errors.clear();
  }

  private void answer(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestURI().getPath().substring("/api/".length());
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    calls.add(
        new Call(
            method, auth == null ? null : auth.replaceFirst("^Bearer ", ""), form(body), body));
    String error = errors.get(method);
    String answer =
        error != null
            ? "{\"ok\":false,\"error\":\"" + error + "\"}"
            : method.equals("auth.test")
                ? "{\"ok\":true,\"team_id\":\"T-stub\",\"user_id\":\"U-bot\",\"bot_id\":\"B-bot\"}"
                : "{\"ok\":true,\"channel\":\"C-stub\",\"ts\":\"1700000000."
                    + String.format("%06d", ts.incrementAndGet())
                    + "\"}";
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static Map<String, String> form(String body) {
    Map<String, String> params = new LinkedHashMap<>();
    if (body.isEmpty() || body.startsWith("{")) {
      return params;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      params.put(
          key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
