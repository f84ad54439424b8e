package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.api.StandbyApiApplication;
import dev.standby.api.StandbyApiConfiguration;
import dev.standby.temporal.AesGcmPayloadCodec;
import dev.standby.temporal.TemporalSetupException;
import dev.standby.temporal.TestPki;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import dev.standby.worker.StandbyWorker;
import dev.standby.workflows.WorkflowIds;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * certificates made here with openssl): a Standby worker and the API reach it with mTLS; a planned
 * failover started from the real Temporal UI's "Start Workflow" form (its input encrypted through
 * the API's codec endpoint) runs end to end with encrypted payloads, its raw history (read with the
 * Temporal CLI) holds no clear-text request or result, and the API's codec endpoint decodes it for
 * the CLI and the UI given a token, and for nobody without one; a client certificate from another
 * CA, none at all, a CA that did not sign the server and an unknown namespace are each refused at
 * start with a sentence.
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
  // The tokens failsafe puts in the environment (the module's pom), by e2e-api.yml's roles.
  private static final String OPERATOR = "operator-token-for-e2e-tests";
  private static final String VIEWER = "viewer-token-for-e2e-tests";

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
  void theWorkerAndTheApiOverMtlsRunAFailoverWhoseHistoryHoldsNoClearText() throws Exception {
    Topology secure =
        topology(
            "secure",
            temporal(
                "default",
                labCa.cert().toString(),
                workerCert.cert().toString(),
                workerCert.key().toString()));
    JsonNode run;
    JsonNode history;
    try (StandbyWorker worker =
            StandbyWorker.start(secure, "127.0.0.1", 0, dir.resolve("reports"));
        SecureApi api = SecureApi.start()) {
      // Started from the real UI's "Start Workflow" form with the README's JSON: the UI encrypts
      // the
      // input through the API's codec endpoint before it reaches Temporal.
      String form =
          node(
              "start-workflow.mjs",
              world.get().lab.temporalUiUrl(),
              "http://127.0.0.1:" + api.app().getLocalPort() + "/codec",
              OPERATOR,
              WorkflowIds.failover("payments"),
              "standby",
              "Failover",
              "{\"service\":\"payments\",\"targetSite\":\"site-b\",\"mode\":\"PLANNED\","
                  + "\"reason\":\"mtls failover: secret reason\"}");
      assertThat(form).contains("started: ").contains("/codec/encode 200");
      run =
          await("the failover started through the API")
              .atMost(Duration.ofMinutes(4))
              .pollInterval(Duration.ofSeconds(1))
              .until(
                  () -> JSON.readTree(api.get("/failovers/payments", VIEWER).body()),
                  s -> !"RUNNING".equals(s.path("status").asText()));

      history = rawHistory(WorkflowIds.failover("payments"));
      // The codec endpoint turns the raw input back into the request, for a token holder only.
      String input =
          "{\"payloads\":"
              + history
                  .path("events")
                  .path(0)
                  .path("workflowExecutionStartedEventAttributes")
                  .path("input")
                  .path("payloads")
              + "}";
      HttpResponse<String> decoded = api.post("/codec/decode", input, VIEWER);
      assertThat(decoded.statusCode()).as(decoded.body()).isEqualTo(200);
      String data = JSON.readTree(decoded.body()).path("payloads").path(0).path("data").asText();
      assertThat(new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8))
          .contains("mtls failover: secret reason")
          .contains("site-b");
      assertThat(api.post("/codec/decode", input, null).statusCode()).isEqualTo(401);

      // The Temporal CLI, a real codec client, shows the run decoded through the same endpoint.
      String shown =
          cli(
              "workflow",
              "show",
              "--workflow-id",
              WorkflowIds.failover("payments"),
              "--address",
              world.get().lab.temporalTarget(),
              "--namespace",
              "default",
              "--output",
              "json",
              "--codec-endpoint",
              "http://127.0.0.1:" + api.app().getLocalPort() + "/codec",
              "--codec-auth",
              "Bearer " + VIEWER);
      String shownInput =
          JSON.readTree(shown)
              .path("events")
              .path(0)
              .path("workflowExecutionStartedEventAttributes")
              .path("input")
              .path("payloads")
              .path(0)
              .path("data")
              .asText();
      assertThat(new String(Base64.getDecoder().decode(shownInput), StandardCharsets.UTF_8))
          .contains("mtls failover: secret reason");

      // The real Temporal UI (the lab's) in headless Chromium, its codec endpoint set to the API's:
      // with a token it shows the decoded request, without one the API answers 401.
      String codec = "http://127.0.0.1:" + api.app().getLocalPort() + "/codec";
      String runId = run.path("runId").asText();
      assertThat(uiCheck(runId, codec, VIEWER, "mtls failover: secret reason", null))
          .contains("shown: mtls failover: secret reason")
          .contains("/codec/decode 200");
      // The banner comes once the UI's decode calls have failed: only then is absence meaningful.
      assertThat(
              uiCheck(
                  runId,
                  codec,
                  null,
                  "Codec Server could not connect",
                  "mtls failover: secret reason"))
          .contains("/codec/decode 401")
          .doesNotContain("/codec/decode 200");
    }
    assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("COMPLETED");
    assertThat(run.toString()).as("the API decrypts what it reads").contains("\"site-b\":100");

    Files.createDirectories(Path.of("target", "e2e-histories"));
    Files.writeString(
        Path.of("target", "e2e-histories", "failover-planned-encrypted.json"),
        history.toPrettyString());
    List<JsonNode> payloads = new ArrayList<>();
    collectPayloads(history, payloads);
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
  void anExpiredServerCertificateIsNamed() throws IOException {
    TestPki.Issued expired = new TestPki(dir).expiredServer("expired-front", labCa);
    try (TlsTemporalFront stale =
        TlsTemporalFront.start(
            Files.createDirectories(dir.resolve("stale")),
            world.get().lab.temporalTarget(),
            expired.combined(),
            labCa.cert())) {
      String block =
          temporal(
                  "default",
                  labCa.cert().toString(),
                  workerCert.cert().toString(),
                  workerCert.key().toString())
              .replace(front.target(), stale.target());

      assertThat(startError(topology("expired-server", block)))
          .startsWith("Temporal at " + stale.target() + ": the server's certificate has expired");
    }
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
    org.slf4j.LoggerFactory.getLogger(SecureTemporalIT.class)
        .info("refused at start: {}", refused.getMessage());
    return refused.getMessage();
  }

  /**
   * Every payload of a history's JSON (inputs, results, signals, summaries, failures' encoded
   * attributes) but the search attributes, which the server indexes and so are never encoded.
   */
  private static void collectPayloads(JsonNode node, List<JsonNode> into) {
    if (node.isObject() && node.has("metadata") && node.has("data")) {
      into.add(node);
    }
    node.fields()
        .forEachRemaining(
            f -> {
              if (!f.getKey().equals("searchAttributes")) {
                collectPayloads(f.getValue(), into);
              }
            });
    if (node.isArray()) {
      node.forEach(item -> collectPayloads(item, into));
    }
  }

  /** The run's history as the Temporal CLI prints it, straight from the dev server: no codec. */
  private static JsonNode rawHistory(String workflowId) throws Exception {
    return JSON.readTree(
        cli(
            "workflow",
            "show",
            "--workflow-id",
            workflowId,
            "--address",
            world.get().lab.temporalTarget(),
            "--namespace",
            "default",
            "--output",
            "json"));
  }

  /** A script of tools/ui-check run with node: its output, failing with it when it fails. */
  private static String node(String script, String... args) throws Exception {
    Path file =
        temporalCli().getParent().getParent().getParent().resolve("tools/ui-check/" + script);
    List<String> command = new ArrayList<>(List.of("node", file.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "node", ".out");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(script + " did not finish in 3 minutes");
    }
    String text = Files.readString(out);
    assertThat(p.exitValue()).as("%s:\n%s", script, text).isZero();
    return text;
  }

  /** tools/ui-check/codec-view.mjs: what the UI showed, and the codec calls it made. */
  private static String uiCheck(
      String runId, String codec, String token, String expect, String absent) throws Exception {
    Path script =
        temporalCli().getParent().getParent().getParent().resolve("tools/ui-check/codec-view.mjs");
    Path out = Files.createTempFile(dir, "ui", ".out");
    Process node =
        new ProcessBuilder(
                "node",
                script.toString(),
                world.get().lab.temporalUiUrl(),
                WorkflowIds.failover("payments"),
                runId,
                codec,
                token == null ? "-" : token,
                expect,
                absent == null ? "" : absent)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    if (!node.waitFor(3, TimeUnit.MINUTES)) {
      node.destroyForcibly();
      throw new AssertionError("the UI check did not finish in 3 minutes");
    }
    String text = Files.readString(out);
    assertThat(node.exitValue()).as("the UI check:\n%s", text).isZero();
    return text;
  }

  /** What the Temporal CLI prints (stdout), failing with its output when it fails. */
  private static String cli(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(temporalCli().toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "cli", ".out");
    Path err = Files.createTempFile(dir, "cli", ".err");
    Process cli =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!cli.waitFor(60, TimeUnit.SECONDS)) {
      cli.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
    }
    String text = Files.readString(out);
    assertThat(cli.exitValue())
        .as("%s:\n%s%s", String.join(" ", command), text, Files.readString(err))
        .isZero();
    return text;
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

  /** The API in this JVM, reaching Temporal through the TLS front with mTLS and the codec. */
  record SecureApi(DropwizardTestSupport<StandbyApiConfiguration> app, HttpClient http)
      implements AutoCloseable {
    static SecureApi start() throws Exception {
      DropwizardTestSupport<StandbyApiConfiguration> app =
          new DropwizardTestSupport<>(
              StandbyApiApplication.class,
              ResourceHelpers.resourceFilePath("e2e-api.yml"),
              ConfigOverride.config("temporal.target", front.target()),
              // The UI Standby links to, and so the origin allowed to call /codec.
              ConfigOverride.config("temporal.uiUrl", world.get().lab.temporalUiUrl()),
              ConfigOverride.config("temporal.tls.caCert", labCa.cert().toString()),
              ConfigOverride.config("temporal.tls.clientCert", workerCert.cert().toString()),
              ConfigOverride.config("temporal.tls.clientKeyFile", workerCert.key().toString()),
              ConfigOverride.config("temporal.encryption.currentKey", "k1"),
              ConfigOverride.config(
                  "temporal.encryption.keys.k1.file", dir.resolve("payload-k1").toString()));
      app.before();
      return new SecureApi(app, HttpClient.newHttpClient());
    }

    HttpResponse<String> get(String path, String token) throws Exception {
      return http.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body, String token) throws Exception {
      return http.send(
          request(path, token)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String token) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getLocalPort() + path))
              .timeout(Duration.ofSeconds(30));
      return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    @Override
    public void close() {
      app.after();
    }
  }
}
