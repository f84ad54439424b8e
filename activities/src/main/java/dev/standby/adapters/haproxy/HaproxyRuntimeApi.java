package dev.standby.adapters.haproxy;

import dev.standby.model.Failures;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HAProxy's runtime API on a TCP stats socket ({@code stats socket ipv4@127.0.0.1:18099 level
 * admin}). One command per connection: HAProxy answers and closes, so there is no prompt mode to
 * get wrong.
 */
final class HaproxyRuntimeApi {
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final String host;
  private final int port;

  /**
   * @param admin {@code host:port}
   */
  HaproxyRuntimeApi(String admin) {
    int colon = admin.lastIndexOf(':');
    this.host = admin.substring(0, colon);
    this.port = Integer.parseInt(admin.substring(colon + 1));
  }

  /** Sends one command and returns HAProxy's whole answer (empty when a setter succeeded). */
  String command(String command) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      // Retryable: HAProxy may be reloading; the workflow's retry policy bounds how long we try.
      throw Failures.retryable(
          Failures.UNREACHABLE,
          "HAProxy runtime API at " + host + ":" + port + " did not answer '" + command + "': " + e,
          e);
    }
  }
}
