package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.standby.adapters.notify.Notifiers;
import dev.standby.adapters.slack.SlackWebApiStub;
import dev.standby.api.StandbyApiApplication;
import dev.standby.api.StandbyApiConfiguration;
import dev.standby.model.approval.ApprovalButton;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.temporal.api.enums.v1.EventType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Approvals from Slack, end to end against the lab: the real worker posts through its Slack adapter
 * to a stub of Slack's Web API (the only part not real: Slack itself), the API runs in this JVM
 * with Bolt at /slack/events, and clicks are signed as Slack signs them. The payments service's
 * topology gets a notify block: its own channel and two contact levels, the first with a short
 * timeout.
 */
// A whole drive of the lab (failovers, drills, restarts): minutes, not the unit tests' default 120
// s.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SlackApprovalIT {
  private static final String OPERATOR = "operator-token-for-e2e-tests";
  private static final String VIEWER = "viewer-token-for-e2e-tests";
  private static final String SIGNING_SECRET = "slack-signing-secret-for-e2e";
  private static final ObjectMapper JSON = new ObjectMapper();

  private LabWorld world;
  private SlackWebApiStub slack;
  private DropwizardTestSupport<StandbyApiConfiguration> api;
  private SlackClicks clicks;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void labWorkerAndApi() throws Exception {
    slack = SlackWebApiStub.start();
    world = LabWorld.start("slack-approval");
    Topology topology = withNotifyBlock(world.lab.topologyPath());
    world.withWorker(
        topology,
        Map.of(
                Notifiers.TOKEN,
                "xoxb-e2e-test-token",
                Notifiers.API_URL,
                slack.url(),
                Notifiers.CHANNEL,
                "C0DEFAULT")
            ::get);
    api =
        new DropwizardTestSupport<>(
            StandbyApiApplication.class,
            ResourceHelpers.resourceFilePath("e2e-api.yml"),
            ConfigOverride.config("temporal.target", topology.temporal().target()),
            ConfigOverride.config("temporal.namespace", topology.temporal().namespace()));
    api.before();
    clicks = new SlackClicks(api.getLocalPort(), SIGNING_SECRET, slack.url());
  }

  @AfterEach
  void stop() {
    if (api != null) {
      api.after();
    }
    if (world != null) {
      world.close();
    }
    if (slack != null) {
      slack.close();
    }
  }

  @Test
  void aFailoverWaitingForApprovalIsApprovedFromSlackAndCompletes() throws Exception {
    assertThat(
            post(
                    "/failovers",
                    OPERATOR,
                    "{\"service\":\"payments\",\"targetSite\":\"site-b\",\"mode\":\"PLANNED\","
                        + "\"reason\":\"e2e\",\"approval\":{\"levels\":[{\"timeoutSeconds\":600}]}}")
                .statusCode())
        .isEqualTo(202);
    SlackWebApiStub.Call ask =
        await("the approval request", () -> approvalRequests().stream().findFirst().orElse(null));
    assertThat(ask.params().get("channel"))
        .as("the service's channel from its notify block")
        .isEqualTo("C0PAYMENTS");

    HttpResponse<String> click = clicks.click("U0ALICE", ApprovalButton.APPROVE, buttonValue(ask));

    assertThat(click.statusCode()).isEqualTo(200);
    JsonNode done =
        awaitJson("/failovers/payments", VIEWER, s -> !"RUNNING".equals(s.path("status").asText()));
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
    assertThat(done.path("result").path("steps").findValuesAsText("detail"))
        .contains("approved by alice (from Slack)");
    assertThat(done.path("result").path("steps").findValuesAsText("name"))
        .containsSubsequence(
            "check-target",
            "await-approval",
            "recheck-target",
            "fence-source",
            "promote-target",
            "move-traffic");
    try (Connection siteB = world.lab.jdbc("site-b");
        ResultSet r = siteB.createStatement().executeQuery("select pg_is_in_recovery()")) {
      assertThat(r.next() && !r.getBoolean(1)).as("site-b is the primary now").isTrue();
    }
    assertThat(
            await(
                    "the outcome on the request",
                    () -> slack.calls("chat.update").stream().findFirst().orElse(null))
                .params()
                .get("text"))
        .endsWith("approved by alice (from Slack)");
    List<String> posts = texts();
    assertThat(posts)
        .anySatisfy(
            t ->
                assertThat(t)
                    .startsWith(
                        ":rotating_light: Failover of *payments* from site-a "
                            + "to site-b started (PLANNED), requested by e2e-operator: e2e."));
    String resolution =
        await(
            "the resolution",
            () ->
                texts().stream()
                    .filter(t -> t.startsWith(":checkered_flag:"))
                    .findFirst()
                    .orElse(null));
    assertThat(resolution)
        .contains(
            "to site-b completed",
            "Measured RTO: ",
            "Data loss: none: site-b replayed",
            "Approved by: alice.");
    JsonNode listed =
        awaitJson(
            "/runs?kind=failover&service=payments",
            VIEWER,
            l -> l.size() > 0 && "COMPLETED".equals(l.get(0).path("status").asText()));
    assertThat(listed.get(0).path("workflowId").asText()).isEqualTo("failover/payments");
    assertThat(listed.get(0).path("site").asText()).isEqualTo("site-b");
    world.saveHistory("failover/payments", "failover-approved-from-slack");

    // And home again: the failback's approval goes through the same gate, to the same channel.
    slack.reset();
    assertThat(
            post(
                    "/failbacks",
                    OPERATOR,
                    "{\"service\":\"payments\",\"steps\":[50,100],\"bakeSeconds\":2,"
                        + "\"approvalAt\":[50],\"reason\":\"e2e\"}")
                .statusCode())
        .isEqualTo(202);
    SlackWebApiStub.Call failbackAsk =
        await(
            "the failback's approval request",
            () -> approvalRequests().stream().findFirst().orElse(null));
    assertThat(buttonValue(failbackAsk)).isEqualTo("failback/payments|shift-50%");
    assertThat(failbackAsk.params().get("channel")).isEqualTo("C0PAYMENTS");
    assertThat(
            clicks.click("U0ALICE", ApprovalButton.APPROVE, buttonValue(failbackAsk)).statusCode())
        .isEqualTo(200);
    JsonNode home =
        awaitJson(
            "/runs/failback/payments", VIEWER, r -> !"RUNNING".equals(r.path("status").asText()));
    assertThat(home.path("result").path("outcome").asText())
        .as(home.toString())
        .isEqualTo("COMPLETED");
    assertThat(home.path("result").path("steps").findValuesAsText("detail"))
        .contains("approved by alice (from Slack)");
    assertThat(awaitJson("/runs?service=payments", VIEWER, l -> l.size() >= 2))
        .extracting(r -> r.path("kind").asText())
        .contains("failover", "failback");
    world.saveHistory("failback/payments", "failback-approved-through-the-gate-from-slack");
  }

  @Test
  void anUnansweredApprovalEscalatesToLevelTwoByTimerAndIsThenApprovedFromSlack() throws Exception {
    assertThat(
            post(
                    "/failovers",
                    OPERATOR,
                    "{\"service\":\"payments\",\"targetSite\":\"site-b\",\"mode\":\"PLANNED\","
                        + "\"approval\":{}}")
                .statusCode())
        .isEqualTo(202);
    SlackWebApiStub.Call ask =
        await("the approval request", () -> approvalRequests().stream().findFirst().orElse(null));
    // Re-read as JSON: the SDK's serialiser writes "<" as \u003c.
    assertThat(JSON.readTree(ask.params().get("blocks")).toString())
        .as("level 1's approver is mentioned")
        .contains("<@U0ONCALL>");

    SlackWebApiStub.Call escalation =
        await(
            "the escalation to level 2",
            () ->
                slack.calls("chat.postMessage").stream()
                    .filter(c -> c.params().containsKey("thread_ts"))
                    .findFirst()
                    .orElse(null));
    assertThat(escalation.params().get("text")).contains("escalated to level 2", "<@U0BACKUP>");
    assertThat(clicks.click("U0VICTOR", ApprovalButton.APPROVE, buttonValue(ask)).statusCode())
        .isEqualTo(200);
    assertThat(
            await(
                    "the refusal",
                    () ->
                        slack.calls().stream()
                            .filter(c -> c.method().startsWith("respond/"))
                            .findFirst()
                            .orElse(null))
                .body())
        .contains("victor, you may not approve Standby steps");
    assertThat(clicks.click("U0ALICE", ApprovalButton.APPROVE, buttonValue(ask)).statusCode())
        .isEqualTo(200);

    JsonNode done =
        awaitJson("/failovers/payments", VIEWER, s -> !"RUNNING".equals(s.path("status").asText()));
    assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
    ApprovalStatus approvals =
        world.client.newWorkflowStub(FailoverWorkflow.class, "failover/payments").approvals();
    assertThat(approvals.decisions())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.level()).isEqualTo(2);
              assertThat(d.answer().by()).isEqualTo("alice");
            });
    assertThat(
            world.client.fetchHistory("failover/payments").getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED))
        .as("the viewer's click sent nothing")
        .hasSize(1);
    world.saveHistory("failover/payments", "failover-escalated-to-level-2-approved-from-slack");
  }

  /**
   * The lab's topology with a notify block for payments: its channel, level 1 for 3 s, level 2 for
   * 10 minutes.
   */
  private static Topology withNotifyBlock(Path labTopology) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    ObjectNode root = (ObjectNode) yaml.readTree(labTopology.toFile());
    ObjectNode payments = (ObjectNode) root.path("services").path("payments");
    payments.set(
        "notify",
        yaml.readTree(
            """
        channel: C0PAYMENTS
        levels:
          - {approvers: [U0ONCALL], timeout: 3s}
          - {approvers: [U0BACKUP], timeout: 10m}
        onLastTimeout: abort
        """));
    Path file = labTopology.resolveSibling("topology-with-notify.yaml");
    yaml.writeValue(file.toFile(), root);
    return TopologyLoader.load(file);
  }

  private List<SlackWebApiStub.Call> approvalRequests() {
    return slack.calls("chat.postMessage").stream()
        .filter(c -> c.params().getOrDefault("blocks", "").contains(ApprovalButton.APPROVE))
        .toList();
  }

  private List<String> texts() {
    return slack.calls("chat.postMessage").stream()
        .map(c -> c.params().getOrDefault("text", ""))
        .toList();
  }

  private static String buttonValue(SlackWebApiStub.Call ask) throws IOException {
    return JSON.readTree(ask.params().get("blocks")).findValues("value").get(0).asText();
  }

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.getLocalPort() + path))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode awaitJson(String path, String token, Predicate<JsonNode> condition)
      throws Exception {
    // Awaitility's timeout message names the last answer it saw (null while it was no 200).
    return Awaitility.await("GET " + path + " satisfies the condition")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              HttpResponse<String> response =
                  http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + api.getLocalPort() + path))
                          .header("Authorization", "Bearer " + token)
                          .GET()
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            },
            last -> last != null && condition.test(last));
  }

  private <T> T await(String what, Supplier<T> found) {
    try {
      return Awaitility.await(what + " reaches the Slack stub")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(found::get, value -> value != null);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "no " + what + " reached the Slack stub; calls: " + slack.calls(), e);
    }
  }
}
