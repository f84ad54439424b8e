package dev.standby.temporal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for tests, made with the {@code openssl} command in a folder of the test's: a CA,
 * and server or client certificates it signs (EC P-256, PKCS#8 PEM keys, valid one day from now).
 */
public final class TestPki {
  private final Path dir;

  public TestPki(Path dir) {
    this.dir = dir;
  }

  /** A certificate and its key, as files; {@link #combined()} is HAProxy's crt file. */
  public record Issued(Path cert, Path key) {
    public Path combined() throws IOException {
      Path out = cert.resolveSibling(cert.getFileName() + ".combined.pem");
      Files.writeString(out, Files.readString(cert) + Files.readString(key));
      return out;
    }
  }

  /** A self-signed CA. */
  public Issued ca(String name) {
    Path cert = dir.resolve(name + ".pem");
    Path key = dir.resolve(name + ".key");
    openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key.toString(),
        "-out",
        cert.toString(),
        "-days",
        "1",
        "-subj",
        "/CN=" + name,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
    return new Issued(cert, key);
  }

  /** A server certificate for 127.0.0.1 and localhost. */
  public Issued server(String name, Issued ca) {
    return issue(
        name, ca, "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  }

  /** A server certificate that expired a day ago (openssl takes negative days). */
  public Issued expiredServer(String name, Issued ca) {
    return issue(
        name, ca, "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n", "-1");
  }

  public Issued client(String name, Issued ca) {
    return issue(name, ca, "extendedKeyUsage=clientAuth\n");
  }

  private Issued issue(String name, Issued ca, String extensions) {
    return issue(name, ca, extensions, "1");
  }

  private Issued issue(String name, Issued ca, String extensions, String days) {
    Path cert = dir.resolve(name + ".pem");
    Path key = dir.resolve(name + ".key");
    Path csr = dir.resolve(name + ".csr");
    Path ext = dir.resolve(name + ".ext");
    try {
      Files.writeString(ext, extensions);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    openssl(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        key.toString(),
        "-out",
        csr.toString(),
        "-subj",
        "/CN=" + name);
    openssl(
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        ca.cert().toString(),
        "-CAkey",
        ca.key().toString(),
        "-CAcreateserial",
        "-out",
        cert.toString(),
        "-days",
        days,
        "-extfile",
        ext.toString());
    return new Issued(cert, key);
  }

  private void openssl(String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      boolean done = p.waitFor(30, TimeUnit.SECONDS);
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!done) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " timed out");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("openssl: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
