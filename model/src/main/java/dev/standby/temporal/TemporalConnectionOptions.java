package dev.standby.temporal;

import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * Builds the gRPC options to Temporal from a {@link TemporalAccess}, for the worker and the API
 * alike: TLS with a custom CA, mTLS, an API key. Files and secrets are read here, so a wrong path,
 * a key that is no key or an expired client certificate stops the start with the field it came
 * from.
 */
public final class TemporalConnectionOptions {
  private static final Metadata.Key<String> NAMESPACE_HEADER =
      Metadata.Key.of("temporal-namespace", Metadata.ASCII_STRING_MARSHALLER);

  private TemporalConnectionOptions() {}

  public static WorkflowServiceStubsOptions.Builder builder(
      TemporalAccess access, Function<String, String> environment) {
    return builder(access, environment, Clock.systemUTC());
  }

  static WorkflowServiceStubsOptions.Builder builder(
      TemporalAccess access, Function<String, String> environment, Clock clock) {
    WorkflowServiceStubsOptions.Builder b =
        WorkflowServiceStubsOptions.newBuilder().setTarget(access.target());
    if (access.tls() != null) {
      b.setSslContext(sslContext(access.tls(), environment, clock));
      if (access.tls().serverName() != null) {
        String name = access.tls().serverName();
        b.setChannelInitializer(channel -> channel.overrideAuthority(name));
      }
    } else if (access.apiKey() != null) {
      b.setEnableHttps(true);
    }
    if (access.apiKey() != null) {
      String key = access.apiKey().readText(environment);
      b.addApiKey(() -> key);
      // Temporal Cloud's regional endpoints route by this header; a namespace endpoint ignores it.
      b.addGrpcMetadataProvider(
          () -> {
            Metadata m = new Metadata();
            m.put(NAMESPACE_HEADER, access.namespace());
            return m;
          });
    }
    return b;
  }

  static SslContext sslContext(TemporalTls tls, Function<String, String> environment, Clock clock) {
    SslContextBuilder ssl = GrpcSslContexts.forClient();
    if (tls.caCert() != null) {
      ssl.trustManager(certificates("temporal.tls.caCert", tls.caCert(), clock, false));
    }
    if (tls.mutual()) {
      List<X509Certificate> chain =
          certificates("temporal.tls.clientCert", tls.clientCert(), clock, true);
      byte[] key = tls.clientKey().read(environment);
      try (InputStream keyIn = new ByteArrayInputStream(key)) {
        ssl.keyManager(new ByteArrayInputStream(pem(chain)), keyIn);
      } catch (IllegalArgumentException | IOException e) {
        throw new TemporalSetupException(
            tls.clientKey().field()
                + ": "
                + tls.clientKey().source()
                + " does not hold an unencrypted PKCS#8 PEM private key matching "
                + tls.clientCert()
                + " ("
                + rootMessage(e)
                + ")",
            e);
      }
    }
    try {
      return ssl.build();
    } catch (SSLException e) {
      throw new TemporalSetupException("temporal.tls: " + rootMessage(e), e);
    }
  }

  /**
   * The PEM certificates of a file; the client's own must be valid now, or the server's refusal
   * would only say "bad certificate".
   */
  static List<X509Certificate> certificates(
      String field, Path file, Clock clock, boolean mustBeValid) {
    List<X509Certificate> certs;
    try (InputStream in = Files.newInputStream(file)) {
      certs =
          CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
              .map(X509Certificate.class::cast)
              .toList();
    } catch (IOException e) {
      throw new TemporalSetupException(
          field + ": cannot read " + file + " (" + Secret.describe(e) + ")", e);
    } catch (CertificateException e) {
      throw new TemporalSetupException(
          field + ": " + file + " is not a PEM certificate (" + rootMessage(e) + ")", e);
    }
    if (certs.isEmpty()) {
      throw new TemporalSetupException(field + ": " + file + " holds no certificate");
    }
    if (mustBeValid) {
      X509Certificate leaf = certs.get(0);
      try {
        leaf.checkValidity(Date.from(clock.instant()));
      } catch (CertificateExpiredException e) {
        throw new TemporalSetupException(
            field
                + ": the certificate in "
                + file
                + " ("
                + leaf.getSubjectX500Principal().getName()
                + ") expired on "
                + leaf.getNotAfter().toInstant(),
            e);
      } catch (CertificateNotYetValidException e) {
        throw new TemporalSetupException(
            field
                + ": the certificate in "
                + file
                + " ("
                + leaf.getSubjectX500Principal().getName()
                + ") is not valid before "
                + leaf.getNotBefore().toInstant(),
            e);
      }
    }
    return certs;
  }

  private static byte[] pem(List<X509Certificate> chain) {
    StringBuilder out = new StringBuilder();
    java.util.Base64.Encoder base64 =
        java.util.Base64.getMimeEncoder(
            64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    for (X509Certificate c : chain) {
      try {
        out.append("-----BEGIN CERTIFICATE-----\n")
            .append(base64.encodeToString(c.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new TemporalSetupException("temporal.tls.clientCert: " + rootMessage(e), e);
      }
    }
    return out.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
