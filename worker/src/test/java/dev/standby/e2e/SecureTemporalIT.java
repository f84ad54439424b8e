package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.model.failover.FailoverRequest;
import dev.standby.model.failover.FailoverResult;
import dev.standby.temporal.AesGcmPayloadCodec;
import dev.standby.temporal.StandbyDataConverters;
import dev.standby.temporal.TemporalConnectionCheck;
import dev.standby.temporal.TemporalConnectionOptions;
import dev.standby.temporal.TemporalSetupException;
import dev.standby.temporal.TestPki;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import dev.standby.worker.StandbyWorker;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lab's Temporal behind HAProxy terminating TLS with client-certificate verification (the
 * certificates made here with openssl): a Standby worker and a client reach it with mTLS and run a
 * planned failover with encrypted payloads, whose raw history (read with the Temporal CLI) holds no
 * clear-text request or result; a client certificate from another CA, none at all, a CA that did
 * not sign the server and an unknown namespace are each refused at start with a sentence.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SecureTemporalIT {
  @RegisterExtension
  static final LabWorldExtension world = LabWorldExtension.withoutWorker("secure-temporal");

  /** Test-only payload key (32 zero bytes would do too; this one is at least not all zeros). */
  static final String PAYLOAD_KEY =
      Base64.getEncoder()
          .encodeToString("standby-test-key-0123456789abcde".getBytes(StandardCharsets.US_ASCII));

  private static final ObjectMapper JSON = new ObjectMapper();

  static Path dir;
  static TestPki.Issued labCa;
  static TestPki.Issued workerCert;
  static TestPki.Issued strangerCa;
  static TestPki.Issued strangerCert;
  static TlsTemporalFront front;

  @BeforeAll
  static void tlsFront() throws IOException {
    dir = Files.createDirectories(world.get().lab.dir().resolve("tls"));
    TestPki pki = new TestPki(dir);
    labCa = pki.ca("lab-ca");
    TestPki.Issued server = pki.server("temporal-front", labCa);
    workerCert = pki.client("standby-worker", labCa);
    strangerCa = pki.ca("stranger-ca");
    strangerCert = pki.client("stranger", strangerCa);
    Files.writeString(dir.resolve("payload-k1"), PAYLOAD_KEY + "\n");
    front =
        TlsTemporalFront.start(
            dir, world.get().lab.temporalTarget(), server.combined(), labCa.cert());
  }

  @AfterAll
  static void stopFront() {
    if (front != null) {
      front.close();
    }
  }

  /** The lab's topology with its temporal block replaced by {@code temporalBlock}. */
  static Topology topology(String name, String temporalBlock) throws IOException {
    String lab = Files.readString(world.get().lab.topologyPath());
    assertThat(lab).startsWith("temporal: ");
    String rest = lab.substring(lab.indexOf('\n') + 1);
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(file, temporalBlock + rest);
    return TopologyLoader.load(file);
  }

  static String temporal(String namespace, String ca, String cert, String key) {
    return """
        temporal:
          target: "%s"
          namespace: %s
          taskQueue: standby
          tls: {caCert: %s, clientCert: %s, clientKeyFile: %s}
          encryption:
            currentKey: k1
            keys: {k1: {file: payload-k1}}
        """
        .formatted(front.target(), namespace, ca, cert, key);
  }

  @Test
  void aWorkerAndAClientOverMtlsRunAFailoverWhoseHistoryHoldsNoClearText() throws Exception {
    Topology secure =
        topology(
            "secure",
            temporal(
                "default",
                labCa.cert().toString(),
                workerCert.cert().toString(),
                workerCert.key().toString()));
    FailoverResult result;
    try (StandbyWorker worker =
            StandbyWorker.start(secure, "127.0.0.1", 0, dir.resolve("reports"));
        SecureClient client = SecureClient.of(secure)) {
      FailoverWorkflow failover =
          client.client.newWorkflowStub(
              FailoverWorkflow.class, world.get().options(WorkflowIds.failover("payments")));
      result =
          failover.failover(
              FailoverRequest.planned("payments", "site-b", "mtls failover: secret reason"));
    }
    assertThat(result.weights()).containsEntry("site-a", 0).containsEntry("site-b", 100);
    assertThat(result.dataLoss().zeroLossProven()).isTrue();

    JsonNode history = rawHistory(WorkflowIds.failover("payments"));
    Files.createDirectories(Path.of("target", "e2e-histories"));
    Files.writeString(
        Path.of("target", "e2e-histories", "failover-planned-encrypted.json"),
        history.toPrettyString());
    List<JsonNode> payloads = new ArrayList<>();
    history.findValues("payloads").forEach(list -> list.forEach(payloads::add));
    assertThat(payloads).as("payloads of the run's events").hasSizeGreaterThan(10);
    String encrypted =
        Base64.getEncoder()
            .encodeToString(AesGcmPayloadCodec.ENCODING.getBytes(StandardCharsets.UTF_8));
    assertThat(payloads)
        .allSatisfy(
            p -> assertThat(p.path("metadata").path("encoding").asText()).isEqualTo(encrypted));
    String clear =
        payloads.stream()
            .map(
                p ->
                    new String(
                        Base64.getDecoder().decode(p.path("data").asText()),
                        StandardCharsets.ISO_8859_1))
            .reduce("", String::concat);
    assertThat(clear)
        .doesNotContain("secret reason")
        .doesNotContain("site-b")
        .doesNotContain("zeroLossProven")
        .doesNotContain("jdbc:postgresql");
  }

  @Test
  void aClientCertificateFromAnotherCaIsRefused() throws IOException {
    Topology stranger =
        topology(
            "stranger",
            temporal(
                "default",
                labCa.cert().toString(),
                strangerCert.cert().toString(),
                strangerCert.key().toString()));

    assertThat(startError(stranger))
        .startsWith(
            "Temporal at "
                + front.target()
                + ": the server refused the TLS handshake, usually the client certificate"
                + " (temporal.tls.clientCert "
                + strangerCert.cert()
                + ")");
  }

  @Test
  void noClientCertificateIsRefusedSayingNoneWasGiven() throws IOException {
    String block =
        """
        temporal:
          target: "%s"
          tls: {caCert: %s}
        """
            .formatted(front.target(), labCa.cert());
    assertThat(startError(topology("no-client-cert", block)))
        .contains("the server refused the TLS handshake")
        .contains("none was given: set temporal.tls.clientCert and its key");
  }

  @Test
  void aServerCertificateFromAnUnknownCaIsRefusedNamingTheCaFile() throws IOException {
    Topology wrongCa =
        topology(
            "wrong-ca",
            temporal(
                "default",
                strangerCa.cert().toString(),
                workerCert.cert().toString(),
                workerCert.key().toString()));

    assertThat(startError(wrongCa))
        .startsWith(
            "Temporal at "
                + front.target()
                + ": the server's certificate is not signed by the CA in temporal.tls.caCert ("
                + strangerCa.cert()
                + ")");
  }

  @Test
  void anUnknownNamespaceIsNamed() throws IOException {
    Topology unknown =
        topology(
            "unknown-namespace",
            temporal(
                "no-such-namespace",
                labCa.cert().toString(),
                workerCert.cert().toString(),
                workerCert.key().toString()));

    assertThat(startError(unknown))
        .isEqualTo(
            "Temporal at "
                + front.target()
                + ": namespace 'no-such-namespace' does not exist (temporal.namespace)");
  }

  private static String startError(Topology topology) {
    TemporalSetupException refused =
        catchThrowableOfType(
            TemporalSetupException.class,
            () -> StandbyWorker.start(topology, "127.0.0.1", 0, dir.resolve("reports")).close());
    assertThat(refused).as("the start of a worker on %s", topology.temporal()).isNotNull();
    return refused.getMessage();
  }

  /** The run's history as the Temporal CLI prints it, straight from the dev server: no codec. */
  private static JsonNode rawHistory(String workflowId) throws Exception {
    Process cli =
        new ProcessBuilder(
                temporalCli().toString(),
                "workflow",
                "show",
                "--workflow-id",
                workflowId,
                "--address",
                world.get().lab.temporalTarget(),
                "--namespace",
                "default",
                "--output",
                "json")
            .redirectErrorStream(true)
            .start();
    byte[] out = cli.getInputStream().readAllBytes();
    assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(cli.exitValue()).as("temporal workflow show:\n%s", text).isZero();
    return JSON.readTree(text);
  }

  private static Path temporalCli() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path cli = p.resolve(".venv").resolve("bin").resolve("temporal");
      if (Files.isExecutable(cli)) {
        return cli;
      }
    }
    throw new IllegalStateException("no .venv/bin/temporal above " + Path.of("").toAbsolutePath());
  }

  /** A client as the API builds one: same connection options, same codec. */
  record SecureClient(WorkflowServiceStubs stubs, WorkflowClient client) implements AutoCloseable {
    static SecureClient of(Topology topology) {
      var access = topology.temporal().access();
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              TemporalConnectionOptions.builder(access, System::getenv).build());
      TemporalConnectionCheck.verify(stubs, access, Duration.ofSeconds(10));
      WorkflowClient client =
          WorkflowClient.newInstance(
              stubs,
              WorkflowClientOptions.newBuilder()
                  .setNamespace(access.namespace())
                  .setDataConverter(StandbyDataConverters.forAccess(access, System::getenv))
                  .build());
      return new SecureClient(stubs, client);
    }

    @Override
    public void close() {
      stubs.shutdownNow();
    }
  }
}
