package dev.standby.api;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.glassfish.jersey.client.ClientProperties;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;

/**
 * The whole app on random ports, as a JUnit extension, and the calls to it that the tests share.
 * Register it in a static field:
 *
 * <pre>{@code @RegisterExtension static final ApiTestApp api = ApiTestApp.shared();}</pre>
 *
 * <p>Booting Temporal's in-process server and a Dropwizard app took two thirds of this module's
 * test time when every class did it. So the JVM has one {@link InProcessTemporal}, with one worker
 * that runs the real workflows over {@link HealthyLabMocks} (and the {@link WaitingDrill}), and one
 * running app per configuration; both are kept in the root store, which closes them when the JVM's
 * tests are done. Classes stay independent by naming services (and so workflow ids) that no other
 * class names, and by verifying mock calls by service.
 */
public final class ApiTestApp implements BeforeAllCallback {
  /**
   * The tokens surefire puts in the environment (see the pom), by the role test-config.yml gives
   * them.
   */
  public static final String VIEWER = "viewer-token-for-tests-only";

  public static final String OPERATOR = "operator-token-for-tests-only";
  public static final String APPROVER = "approver-token-for-tests-only";

  /**
   * How long a wait for a run to get somewhere may take: well under a second here, but builds share
   * two cores. Half the module's test timeout (junit-platform.properties), so a wait that fails
   * says what it last saw.
   */
  public static final Duration PATIENCE = Duration.ofSeconds(30);

  private static final Namespace NAMESPACE = Namespace.create(ApiTestApp.class);

  /**
   * Each app reads its overrides from system properties under a prefix of its own, so none sees
   * another's.
   */
  private static final AtomicInteger apps = new AtomicInteger();

  private static final String NOBODY_LISTENS = "127.0.0.1:1";

  private enum TemporalKind {
    IN_PROCESS,
    UNREACHABLE,
    GIVEN
  }

  private final TemporalKind temporalKind;
  private final Supplier<String> givenTarget;
  private final Map<String, String> overrides;
  private RunningApp app;
  private JvmTemporal temporal;

  /**
   * The class's own HTTP client, closed after it: the app is shared, but a class that leaves a
   * response unread must not use up the connections of the classes after it.
   */
  private Client client;

  private ApiTestApp(
      TemporalKind temporalKind, Supplier<String> givenTarget, Map<String, String> overrides) {
    this.temporalKind = temporalKind;
    this.givenTarget = givenTarget;
    this.overrides = new TreeMap<>(overrides);
  }

  /** The JVM's app against the JVM's in-process Temporal. */
  public static ApiTestApp shared() {
    return shared(Map.of());
  }

  /**
   * The JVM's app with these settings (e.g. {@code topologyFile}) against the JVM's in-process
   * Temporal: one app per distinct set of settings, shared by the classes that ask for the same.
   */
  public static ApiTestApp shared(Map<String, String> settings) {
    return new ApiTestApp(TemporalKind.IN_PROCESS, null, settings);
  }

  /**
   * The JVM's app pointed at a port nobody listens on: what a client sees while Temporal is down.
   */
  public static ApiTestApp temporalDown() {
    return new ApiTestApp(TemporalKind.UNREACHABLE, null, Map.of());
  }

  /**
   * An app of the class's own against another Temporal (the lab's dev server), started before the
   * class and stopped after it.
   *
   * @param temporalTarget read when the app starts, in the class's {@code beforeAll}
   */
  public static ApiTestApp against(Supplier<String> temporalTarget) {
    return new ApiTestApp(TemporalKind.GIVEN, temporalTarget, Map.of());
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Store root = context.getRoot().getStore(NAMESPACE);
    switch (temporalKind) {
      case IN_PROCESS -> {
        temporal =
            root.getOrComputeIfAbsent(
                JvmTemporal.class, key -> JvmTemporal.start(), JvmTemporal.class);
        String key = "app against the in-process Temporal with " + overrides;
        app =
            root.getOrComputeIfAbsent(
                key,
                k -> RunningApp.start(temporal.temporal.target(), overrides),
                RunningApp.class);
      }
      case UNREACHABLE ->
          app =
              root.getOrComputeIfAbsent(
                  "app with Temporal down",
                  k -> RunningApp.start(NOBODY_LISTENS, overrides),
                  RunningApp.class);
      case GIVEN ->
          app =
              context
                  .getStore(NAMESPACE)
                  .getOrComputeIfAbsent(
                      "app of " + context.getUniqueId(),
                      k -> RunningApp.start(givenTarget.get(), overrides),
                      RunningApp.class);
    }
    client =
        context
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(
                "client of " + context.getUniqueId(),
                k -> new ClassClient(app.extension.newClient()),
                ClassClient.class)
            .client;
  }

  /** The class's HTTP client, with the app's JSON mapping. */
  public Client client() {
    running();
    return client;
  }

  /** The running app, for what the calls here do not cover (its Jersey environment). */
  public DropwizardAppExtension<StandbyApiConfiguration> extension() {
    return running().extension;
  }

  /** The JVM's Temporal: a client of its own, to check what the API did behind its answers. */
  public InProcessTemporal temporal() {
    return inProcess().temporal;
  }

  /**
   * The activities behind the JVM's worker, shared by every class: reset them in
   * {@code @BeforeEach}.
   */
  public HealthyLabMocks lab() {
    return inProcess().lab;
  }

  /** The JVM's {@code service/<name>} stand-ins, to give a service the state a test needs. */
  public TestServices services() {
    return new TestServices(inProcess().temporal.client());
  }

  /** A request as the operator, who may start, read and stop runs. */
  public Invocation.Builder request(String path) {
    return request(path, OPERATOR);
  }

  /**
   * @param token the bearer token to send; null for none
   */
  public Invocation.Builder request(String path, String token) {
    // Generous read timeout: a status page may replay a closed run on the worker, slow on a loaded
    // machine.
    Invocation.Builder builder =
        client()
            .target("http://127.0.0.1:" + port() + path)
            .request(MediaType.APPLICATION_JSON)
            .property(ClientProperties.READ_TIMEOUT, 30_000);
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  public Response post(String path, String json) {
    return post(path, json, OPERATOR);
  }

  public Response post(String path, String json, String token) {
    return request(path, token).post(Entity.entity(json, MediaType.APPLICATION_JSON));
  }

  public int port() {
    return extension().getLocalPort();
  }

  public Response get(String path) {
    return request(path).get();
  }

  public Response delete(String path) {
    return request(path).delete();
  }

  public Response admin(String path) {
    return client().target("http://127.0.0.1:" + extension().getAdminPort() + path).request().get();
  }

  /**
   * GETs {@code path} until its JSON body satisfies {@code condition}; fails after {@link
   * #PATIENCE}.
   */
  public JsonNode awaitJson(String path, Predicate<JsonNode> condition) {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    try {
      return await("GET " + path)
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                last.set(json(get(path)));
                return last.get();
              },
              condition);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "GET "
              + path
              + " never satisfied the condition within "
              + PATIENCE
              + "; last answer: "
              + last.get(),
          e);
    }
  }

  public static JsonNode json(Response response) {
    try (response) {
      return response.readEntity(JsonNode.class);
    }
  }

  private RunningApp running() {
    if (app == null) {
      throw new IllegalStateException(
          "the app starts before the class's tests: register ApiTestApp with "
              + "@RegisterExtension in a static field, and call it from tests, not from field initialisers");
    }
    return app;
  }

  private JvmTemporal inProcess() {
    running();
    if (temporal == null) {
      throw new IllegalStateException(
          "this app runs against " + temporalKind + " Temporal, not the in-process one");
    }
    return temporal;
  }

  /** The JVM's Temporal and the mocks its worker serves. */
  private static final class JvmTemporal implements AutoCloseable {
    final HealthyLabMocks lab;
    final InProcessTemporal temporal;

    private JvmTemporal(HealthyLabMocks lab, InProcessTemporal temporal) {
      this.lab = lab;
      this.temporal = temporal;
    }

    static JvmTemporal start() {
      HealthyLabMocks lab = new HealthyLabMocks();
      lab.answerLikeAHealthyLab();
      InProcessTemporal temporal =
          InProcessTemporal.start(
              worker -> {
                lab.registerOn(worker);
                worker.registerWorkflowImplementationTypes(
                    WaitingDrill.class, SettableService.class, SettableReadiness.class);
              },
              worker -> worker.registerActivitiesImplementations(lab.host));
      return new JvmTemporal(lab, temporal);
    }

    @Override
    public void close() {
      temporal.close();
    }
  }

  /** A class's client, closed with the class's store. */
  private record ClassClient(Client client) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
    }
  }

  /** The app's test extension, which also makes clients like its own for each class. */
  private static final class AppExtension extends DropwizardAppExtension<StandbyApiConfiguration> {
    AppExtension(String prefix, ConfigOverride... overrides) {
      super(
          StandbyApiApplication.class,
          ResourceHelpers.resourceFilePath("test-config.yml"),
          prefix,
          overrides);
    }

    Client newClient() {
      return clientBuilder().build();
    }
  }

  /** One booted app, stopped when its store closes. */
  private static final class RunningApp implements AutoCloseable {
    final AppExtension extension;

    private RunningApp(AppExtension extension) {
      this.extension = extension;
    }

    static RunningApp start(String temporalTarget, Map<String, String> settings) {
      String prefix = "dw" + apps.incrementAndGet() + ".";
      List<ConfigOverride> overrides = new ArrayList<>();
      overrides.add(ConfigOverride.config(prefix, "temporal.target", temporalTarget));
      settings.forEach((key, value) -> overrides.add(ConfigOverride.config(prefix, key, value)));
      AppExtension extension = new AppExtension(prefix, overrides.toArray(ConfigOverride[]::new));
      try {
        extension.before();
      } catch (Exception e) {
        throw new IllegalStateException("the app did not start with " + settings, e);
      }
      return new RunningApp(extension);
    }

    @Override
    public void close() {
      extension.after();
    }
  }
}
