package dev.standby.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One DescribeNamespace call at start, so a wrong CA, a refused client certificate, a bad API key
 * or an unknown namespace stops the process with a sentence instead of a worker that polls in vain.
 */
public final class TemporalConnectionCheck {
  private TemporalConnectionCheck() {}

  /**
   * @throws TemporalUnreachableException when nothing answers at the target (Temporal may still be
   *     starting: the caller decides whether to wait)
   * @throws TemporalSetupException when Temporal answered and refused, or TLS failed
   */
  public static void verify(WorkflowServiceStubs stubs, TemporalAccess access, Duration timeout) {
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .describeNamespace(
              DescribeNamespaceRequest.newBuilder().setNamespace(access.namespace()).build());
    } catch (StatusRuntimeException e) {
      throw explain(e, access);
    }
  }

  /**
   * {@link #verify}, for a process starting: an unreachable Temporal is only reported (it may be
   * starting too, and the SDK keeps retrying), anything it refused stops the start.
   */
  public static void verifyAtStart(
      WorkflowServiceStubs stubs,
      TemporalAccess access,
      Duration timeout,
      java.util.function.Consumer<String> warn) {
    try {
      verify(stubs, access, timeout);
    } catch (TemporalUnreachableException e) {
      warn.accept(e.getMessage() + "; going on, the client retries");
    }
  }

  static TemporalSetupException explain(StatusRuntimeException e, TemporalAccess access) {
    String at = "Temporal at " + access.target() + ": ";
    Status.Code code = e.getStatus().getCode();
    String chain = causes(e);
    String lower = chain.toLowerCase(Locale.ROOT);
    if (code == Status.Code.NOT_FOUND) {
      return new TemporalSetupException(
          at + "namespace '" + access.namespace() + "' does not exist (temporal.namespace)", e);
    }
    if (code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED) {
      return new TemporalSetupException(
          at
              + "the server refused "
              + (access.apiKey() != null
                  ? "the API key (" + access.apiKey().source() + ")"
                  : "this client")
              + " for namespace '"
              + access.namespace()
              + "': "
              + e.getStatus().getDescription(),
          e);
    }
    // Before the trust check: an expired certificate also fails PKIX path validation.
    if (lower.contains("certificateexpired")
        || lower.contains("notafter")
        || lower.contains("validity check failed")) {
      return new TemporalSetupException(
          at + "the server's certificate has expired: " + lastMessage(e), e);
    }
    if (lower.contains("pkix path")
        || lower.contains("unable to find valid certification path")
        || lower.contains("signature check failed")
        || lower.contains("path does not chain")) {
      return new TemporalSetupException(
          at
              + "the server's certificate is not signed by "
              + (access.tls() != null && access.tls().caCert() != null
                  ? "the CA in temporal.tls.caCert (" + access.tls().caCert() + ")"
                  : "a CA this JVM trusts (set temporal.tls.caCert)")
              + ": "
              + lastMessage(e),
          e);
    }
    if (lower.contains("no subject alternative") || lower.contains("no name matching")) {
      return new TemporalSetupException(
          at
              + "the server's certificate does not name this host"
              + " (set temporal.tls.serverName to a name it holds): "
              + lastMessage(e),
          e);
    }
    if (lower.contains("fatal alert") || lower.contains("certificate_required")) {
      return new TemporalSetupException(
          at
              + "the server refused the TLS handshake, usually the client certificate"
              + (access.tls() != null && access.tls().mutual()
                  ? " (temporal.tls.clientCert " + access.tls().clientCert() + ")"
                  : " (none was given: set temporal.tls.clientCert and its key)")
              + ": "
              + lastMessage(e),
          e);
    }
    if (lower.contains("not an ssl/tls record")
        || lower.contains("sslhandshake")
        || lower.contains("ssl")) {
      return new TemporalSetupException(at + "TLS failed: " + lastMessage(e), e);
    }
    if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
      return new TemporalUnreachableException(
          at + "no answer (" + code + ": " + lastMessage(e) + ")", e);
    }
    return new TemporalSetupException(at + code + ": " + e.getStatus().getDescription(), e);
  }

  private static String causes(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  private static String lastMessage(Throwable e) {
    return TemporalConnectionOptions.rootMessage(e);
  }
}
