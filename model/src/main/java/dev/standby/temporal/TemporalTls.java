package dev.standby.temporal;

import java.nio.file.Path;

/**
 * TLS to the Temporal frontend: {@code caCert} (PEM) replaces the JVM's trust store when set;
 * {@code clientCert} (PEM chain) with {@code clientKey} (PKCS#8 PEM) is mTLS; {@code serverName}
 * overrides the name checked against the server's certificate (the target's host otherwise).
 */
public record TemporalTls(Path caCert, Path clientCert, Secret clientKey, String serverName) {
  public TemporalTls {
    if ((clientCert == null) != (clientKey == null)) {
      throw new IllegalArgumentException(
          "temporal.tls: a client certificate needs its key and a key its certificate");
    }
  }

  public boolean mutual() {
    return clientCert != null;
  }
}
