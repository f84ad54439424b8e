package dev.standby.api;

import static io.temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.function.Consumer;

/**
 * Temporal's in-memory test server on a real port, so the app under test connects to it as it
 * connects to a dev server, plus a worker on the app's task queue. Time runs at wall-clock speed:
 * the app's own client knows nothing of time skipping.
 */
public final class InProcessTemporal implements AutoCloseable {
  public static final String TASK_QUEUE = "standby";

  private final TestServer.PortBoundTestServer server;
  private final TestWorkflowEnvironment environment;
  private final int port;

  private InProcessTemporal(
      TestServer.PortBoundTestServer server, TestWorkflowEnvironment environment, int port) {
    this.server = server;
    this.environment = environment;
    this.port = port;
  }

  /** The sites whose own queues ({@code standby-<site>}) the tests' site-host activities serve. */
  public static final java.util.List<String> SITES = java.util.List.of("site-a", "site-b");

  /**
   * @param registrations registers the workflows and activities the test needs on the worker
   * @param siteHost registers the host activities on each site's own queue, as site workers do
   */
  public static InProcessTemporal start(Consumer<Worker> registrations, Consumer<Worker> siteHost) {
    int port = freePort();
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
    TestWorkflowEnvironment environment =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setUseExternalService(true)
                .setTarget(target(port))
                .registerSearchAttribute("StandbyService", INDEXED_VALUE_TYPE_KEYWORD)
                .registerSearchAttribute("StandbyKind", INDEXED_VALUE_TYPE_KEYWORD)
                .registerSearchAttribute("StandbySite", INDEXED_VALUE_TYPE_KEYWORD)
                .build());
    registrations.accept(environment.newWorker(TASK_QUEUE));
    for (String site : SITES) {
      siteHost.accept(environment.newWorker(dev.standby.activities.SiteQueues.of(site)));
    }
    environment.start();
    return new InProcessTemporal(server, environment, port);
  }

  public String target() {
    return target(port);
  }

  /** A client of its own, to check what the API did behind its answers. */
  public WorkflowClient client() {
    return environment.getWorkflowClient();
  }

  @Override
  public void close() {
    environment.close();
    server.close();
  }

  private static String target(int port) {
    return "127.0.0.1:" + port;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
