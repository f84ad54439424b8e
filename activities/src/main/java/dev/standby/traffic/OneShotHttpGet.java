package dev.standby.traffic;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A GET on a connection of its own, closed after the answer. A load balancer picks a server per
 * connection (or sticks to one on keep-alive), so only fresh connections show where new clients
 * would land. The JDK's HttpClient pools connections and refuses a {@code Connection: close}
 * header, hence this small client.
 */
public final class OneShotHttpGet {

  /**
   * @param headers response headers, names in lower case
   */
  public record Answer(int status, Map<String, String> headers, long completedAtMillis) {
    public boolean success() {
      return status >= 200 && status < 300;
    }
  }

  private OneShotHttpGet() {}

  public static Answer get(URI uri, Duration timeout) throws IOException {
    boolean tls = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    try (Socket socket = connect(uri.getHost(), port, tls, millis)) {
      String target =
          (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
              + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
      String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + target
                  + " HTTP/1.1\r\nHost: "
                  + host
                  + "\r\nConnection: close\r\n"
                  + "User-Agent: standby-verify\r\nAccept: */*\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String statusLine = line(in);
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
        throw new IOException("not an HTTP response: '" + statusLine + "'");
      }
      int status = Integer.parseInt(parts[1]);
      Map<String, String> headers = new HashMap<>();
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        if (colon > 0) {
          headers.put(
              h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
      }
      in.transferTo(
          OutputStream.nullOutputStream()); // the answer is complete when the server closes
      return new Answer(status, headers, System.currentTimeMillis());
    }
  }

  private static Socket connect(String host, int port, boolean tls, int millis) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), millis);
      socket.setSoTimeout(millis);
      if (!tls) {
        return socket;
      }
      SSLSocket ssl =
          (SSLSocket)
              ((SSLSocketFactory) SSLSocketFactory.getDefault())
                  .createSocket(socket, host, port, true);
      SSLParameters params = ssl.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      ssl.setSSLParameters(params);
      ssl.startHandshake();
      return ssl;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed before the response headers ended");
      }
      if (b != '\r') {
        buffer.write(b);
      }
    }
    return buffer.toString(StandardCharsets.ISO_8859_1);
  }
}
