package dev.standby.worker;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Serves the worker's Prometheus metrics at {@code /metrics}. */
final class MetricsServer implements AutoCloseable {
  private final HttpServer server;
  private final java.util.List<AutoCloseable> feeders =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /** Stops {@code feeder} (what keeps some series current) when the server stops. */
  MetricsServer fedBy(AutoCloseable feeder) {
    feeders.add(feeder);
    return this;
  }

  static MetricsServer start(PrometheusMeterRegistry registry, String host, int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
      server.createContext(
          "/metrics",
          exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange
                .getResponseHeaders()
                .add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      return new MetricsServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port, e);
    }
  }

  String url() {
    return "http://"
        + server.getAddress().getHostString()
        + ":"
        + server.getAddress().getPort()
        + "/metrics";
  }

  @Override
  public void close() {
    for (AutoCloseable feeder : feeders) {
      try {
        feeder.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop " + feeder, e);
      }
    }
    server.stop(0);
  }
}
