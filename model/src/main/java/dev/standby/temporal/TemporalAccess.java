package dev.standby.temporal;

/**
 * How a worker or the API reaches Temporal: the frontend's {@code host:port}, the namespace, and
 * optionally TLS (with a client certificate for mTLS), an API key (Temporal Cloud) and payload
 * encryption. Null parts are off: plaintext gRPC, which is only for loopback.
 */
public record TemporalAccess(
    String target, String namespace, TemporalTls tls, Secret apiKey, PayloadEncryption encryption) {

  public static TemporalAccess plaintext(String target, String namespace) {
    return new TemporalAccess(target, namespace, null, null, null);
  }

  /** An API key is a bearer token: sent over plaintext it would be readable on the way. */
  public boolean usesTls() {
    return tls != null || apiKey != null;
  }
}
