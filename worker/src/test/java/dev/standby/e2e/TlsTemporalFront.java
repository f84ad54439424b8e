package dev.standby.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy terminating TLS in front of the lab's Temporal: it asks every client for a certificate
 * signed by {@code clientCa} (verify required), offers {@code serverPem} (certificate and key) and
 * speaks HTTP/2 on both sides, so gRPC passes through. Stopped by {@link #close()}.
 */
final class TlsTemporalFront implements AutoCloseable {
  private static final String CONFIG =
      """
      global
          maxconn 200

      defaults
          mode http
          timeout connect 2s
          timeout client 5m
          timeout server 5m

      frontend temporal_tls
          bind 127.0.0.1:%d ssl crt %s ca-file %s verify required alpn h2
          default_backend temporal

      backend temporal
          server dev %s proto h2
      """;

  private final Process haproxy;
  private final int port;
  private final Path log;

  private TlsTemporalFront(Process haproxy, int port, Path log) {
    this.haproxy = haproxy;
    this.port = port;
    this.log = log;
  }

  static TlsTemporalFront start(Path dir, String temporalTarget, Path serverPem, Path clientCa)
      throws IOException {
    int port = freePort();
    Path config = dir.resolve("haproxy-temporal-tls.cfg");
    Files.writeString(config, CONFIG.formatted(port, serverPem, clientCa, temporalTarget));
    Path log = dir.resolve("haproxy-temporal-tls.log");
    Process p =
        new ProcessBuilder("haproxy", "-db", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    TlsTemporalFront front = new TlsTemporalFront(p, port, log);
    try {
      await("HAProxy's TLS front on " + port)
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                if (!p.isAlive()) {
                  throw new IllegalStateException(
                      "haproxy exited " + p.exitValue() + ":\n" + Files.readString(log));
                }
                return answers(port);
              });
    } catch (RuntimeException e) {
      front.close();
      throw e;
    }
    return front;
  }

  String target() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() {
    haproxy.destroy();
    try {
      if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
        haproxy.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      haproxy.destroyForcibly();
    }
  }

  private static boolean answers(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
