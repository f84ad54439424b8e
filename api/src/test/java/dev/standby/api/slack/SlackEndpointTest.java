package dev.standby.api.slack;

import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.standby.adapters.slack.SlackChannels;
import dev.standby.adapters.slack.SlackNotifyActivities;
import dev.standby.adapters.slack.SlackWebApiStub;
import dev.standby.api.ApiTestApp;
import dev.standby.api.TestServices;
import dev.standby.model.approval.ApprovalButton;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.model.service.OperationKind;
import dev.standby.model.service.ServiceState;
import dev.standby.workflows.failover.FailoverWorkflow;
import io.temporal.api.enums.v1.EventType;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slack in front of the whole app: signed requests to /slack/events, the worker side's real Slack
 * adapter posting to a stub of Slack's Web API on loopback, the real failover workflow over mocked
 * activities.
 */
class SlackEndpointTest {
  private static final SlackWebApiStub slackApi = SlackWebApiStub.start();
  @RegisterExtension static final ApiTestApp api = ApiTestApp.shared();
  private static final AtomicInteger clicks = new AtomicInteger();

  private SignedSlack slack;

  @AfterAll
  static void stop() {
    slackApi.close();
  }

  @BeforeEach
  void healthyLabWithSlack() {
    api.services()
        .free(
            "slack-approved",
            "slack-escalated",
            "slack-forged",
            "slack-stale",
            "slack-replayed",
            "slack-refused",
            "slack-cmd",
            "slack-cmd-approve");
    api.lab().answerLikeAHealthyLab();
    api.lab().notify =
        SlackNotifyActivities.create(
            "xoxb-0000-test-token", slackApi.url(), new SlackChannels(Map.of(), "C-payments-dr"));
    slackApi.reset();
    slack = new SignedSlack(api.port());
  }

  @Test
  void aFailoverWaitingForApprovalIsApprovedFromSlackAndCompletes() {
    start("slack-approved", "[{\"timeoutSeconds\":600,\"contacts\":[\"U0ALICE\"]}]");
    String value = awaitApprovalButtonValue();
    assertThat(value).isEqualTo("failover/slack-approved|promote-target");

    HttpResponse<String> response = slack.post(click("U0ALICE", ApprovalButton.APPROVE, value));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode done =
        api.awaitJson(
            "/failovers/slack-approved", s -> !"RUNNING".equals(s.path("status").asText()));
    assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(done.path("result").path("steps").findValuesAsText("detail"))
        .contains("approved by alice (from Slack)");
    assertThat(signals("failover/slack-approved"))
        .singleElement()
        .asString()
        .contains("\"by\":\"alice\"");
    assertThat(awaitCall("chat.update").params().get("text"))
        .endsWith("approved by alice (from Slack)");
    assertThat(awaitReply().body())
        .contains("Approved promote-target of failover/slack-approved as alice");
  }

  @Test
  void nobodyAnsweringEscalatesToLevelTwoByTimerThenAnApprovalFromSlackCompletes() {
    start(
        "slack-escalated",
        "[{\"timeoutSeconds\":2,\"contacts\":[\"U0ONCALL\"]},"
            + "{\"timeoutSeconds\":600,\"contacts\":[\"U0BACKUP\"]}]");
    String value = awaitApprovalButtonValue();

    SlackWebApiStub.Call escalation =
        await(
            "the escalation to level 2",
            () ->
                slackApi.calls("chat.postMessage").stream()
                    .filter(c -> c.params().containsKey("thread_ts"))
                    .findFirst()
                    .orElse(null));
    assertThat(escalation.params().get("text")).contains("escalated to level 2", "<@U0BACKUP>");
    assertThat(slack.post(click("U0ALICE", ApprovalButton.APPROVE, value)).statusCode())
        .isEqualTo(200);

    JsonNode done =
        api.awaitJson(
            "/failovers/slack-escalated", s -> !"RUNNING".equals(s.path("status").asText()));
    assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
    ApprovalStatus approvals =
        api.temporal()
            .client()
            .newWorkflowStub(FailoverWorkflow.class, "failover/slack-escalated")
            .approvals();
    assertThat(approvals.decisions())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.level()).isEqualTo(2);
              assertThat(d.answer().by()).isEqualTo("alice");
            });
  }

  @Test
  void aForgedSignatureIsRefusedAndSignalsNothing() {
    start("slack-forged", "[{\"timeoutSeconds\":600}]");
    String value = awaitApprovalButtonValue();

    HttpResponse<String> response =
        slack.post(
            click("U0ALICE", ApprovalButton.APPROVE, value),
            "not-the-secret",
            Instant.now().getEpochSecond());

    assertThat(response.statusCode()).isEqualTo(401);
    assertRefusedAndOnlyAValidClickLands("slack-forged", value);
  }

  @Test
  void aStaleTimestampIsRefusedAndSignalsNothing() {
    start("slack-stale", "[{\"timeoutSeconds\":600}]");
    String value = awaitApprovalButtonValue();

    HttpResponse<String> response =
        slack.post(
            click("U0ALICE", ApprovalButton.APPROVE, value),
            SignedSlack.SECRET,
            Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond());

    assertThat(response.statusCode()).isEqualTo(401);
    assertRefusedAndOnlyAValidClickLands("slack-stale", value);
  }

  @Test
  void aReplayedDeliveryApprovesOnce() {
    api.lab().holdPromotions();
    start("slack-replayed", "[{\"timeoutSeconds\":600}]");
    String body = click("U0ALICE", ApprovalButton.APPROVE, awaitApprovalButtonValue());

    assertThat(slack.post(body).statusCode()).isEqualTo(200);
    assertThat(slack.post(body).statusCode()).isEqualTo(200);
    api.awaitJson(
        "/failovers/slack-replayed",
        s -> "promote-target".equals(s.path("progress").path("currentStep").asText()));
    api.lab().openPromoteGate();

    api.awaitJson("/failovers/slack-replayed", s -> "COMPLETED".equals(s.path("status").asText()));
    assertThat(signals("failover/slack-replayed")).hasSize(1);
    assertThat(slackApi.calls().stream().filter(c -> c.method().startsWith("respond/"))).hasSize(1);
  }

  @Test
  void anUnknownOrUnauthorisedUserIsRefusedOnlyToThemAndSignalsNothing() {
    start("slack-refused", "[{\"timeoutSeconds\":600}]");
    String value = awaitApprovalButtonValue();

    assertThat(slack.post(click("U0STRANGER", ApprovalButton.APPROVE, value)).statusCode())
        .isEqualTo(200);
    SlackWebApiStub.Call stranger = awaitReply();
    slackApi.reset();
    assertThat(slack.post(click("U0VICTOR", ApprovalButton.REJECT, value)).statusCode())
        .isEqualTo(200);
    SlackWebApiStub.Call viewer = awaitReply();

    assertThat(stranger.body())
        .contains("\"response_type\":\"ephemeral\"", "You are not a Standby user", "U0STRANGER");
    assertThat(viewer.body())
        .contains(
            "\"response_type\":\"ephemeral\"",
            "victor, you may not reject Standby steps: that needs the approver role (you have viewer)");
    assertRefusedAndOnlyAValidClickLands("slack-refused", value);
  }

  @Test
  void slashCommandsStartLookAndApproveAsTheMappedUser() {
    assertThat(
            slack
                .post(SignedSlack.command("U0VICTOR", "failover slack-cmd site-b", responseUrl()))
                .body())
        .contains("victor, you may not start failovers");
    assertThat(slack.post(SignedSlack.command("U0OLGA", "failover", responseUrl())).body())
        .contains(StandbyCommand.USAGE.substring(0, 20));

    api.lab().holdPromotions();
    assertThat(
            slack
                .post(SignedSlack.command("U0OLGA", "failover slack-cmd site-b", responseUrl()))
                .statusCode())
        .isEqualTo(200);
    assertThat(awaitReply().body())
        .contains("Started a PLANNED failover of slack-cmd to site-b as olga");
    api.awaitJson(
        "/failovers/slack-cmd",
        s -> "promote-target".equals(s.path("progress").path("currentStep").asText()));
    slackApi.reset();

    // The service's own state names the failover that holds it; its run adds the current step.
    String runId =
        api.temporal()
            .client()
            .newUntypedWorkflowStub("failover/slack-cmd")
            .describe()
            .getExecution()
            .getRunId();
    api.services()
        .hold(
            TestServices.held(
                "slack-cmd", OperationKind.FAILOVER, "failover/slack-cmd", runId, "olga"));
    slack.post(SignedSlack.command("U0VICTOR", "status slack-cmd", responseUrl()));
    assertThat(awaitReply().body())
        .contains(
            "*slack-cmd*: primary `site-a`, protected (site-b streams from site-a, 0 ms behind)."
                + " Running: the failover failover/slack-cmd requested by olga (planned), step"
                + " promote-target http://127.0.0.1:8233/namespaces/default/workflows/"
                + "failover%2Fslack-cmd/"
                + runId
                + "/history");
    slackApi.reset();
    slack.post(SignedSlack.command("U0ALICE", "approve slack-cmd", responseUrl()));
    assertThat(awaitReply().body())
        .contains("the failover of slack-cmd is not waiting for approval");
    api.lab().openPromoteGate();

    String input =
        api.temporal()
            .client()
            .fetchHistory("failover/slack-cmd")
            .getEvents()
            .get(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getInput()
            .getPayloads(0)
            .getData()
            .toStringUtf8();
    assertThat(input).contains("\"requestedBy\":\"olga\"");
  }

  @Test
  void slashFailoverRegionStartsTheSitesPlanAsTheMappedOperator() {
    org.mockito.Mockito.when(api.lab().regions.plan("site-b"))
        .thenReturn(
            new dev.standby.model.region.RegionPlan(
                "site-b",
                java.util.List.of(),
                java.util.List.of(),
                10,
                dev.standby.model.region.OnServiceFailure.CONTINUE,
                60_000));
    assertThat(
            slack
                .post(SignedSlack.command("U0VICTOR", "failover-region site-b", responseUrl()))
                .body())
        .contains("victor, you may not start failovers");
    assertThat(
            slack
                .post(
                    SignedSlack.command("U0OLGA", "failover-region site-b sideways", responseUrl()))
                .body())
        .contains("/standby failover-region \\u003csite\\u003e");

    slack.post(SignedSlack.command("U0OLGA", "failover-region site-b", responseUrl()));

    assertThat(awaitReply().body())
        .contains("Started the UNPLANNED region plan for site-b as olga")
        .contains("region%2Fsite-b");
    assertThat(
            api.awaitJson(
                    "/region-failovers/site-b", s -> !"RUNNING".equals(s.path("status").asText()))
                .path("result")
                .path("outcome")
                .asText())
        .isEqualTo("NOTHING_TO_MOVE");
  }

  @Test
  void slashApproveApprovesTheWaitingStep() {
    start("slack-cmd-approve", "[{\"timeoutSeconds\":600}]");
    awaitApprovalButtonValue();

    slack.post(SignedSlack.command("U0ALICE", "approve failover/slack-cmd-approve", responseUrl()));

    assertThat(
            api.awaitJson(
                    "/failovers/slack-cmd-approve",
                    s -> !"RUNNING".equals(s.path("status").asText()))
                .path("status")
                .asText())
        .isEqualTo("COMPLETED");
    assertThat(signals("failover/slack-cmd-approve"))
        .singleElement()
        .asString()
        .contains("\"by\":\"alice\"");
  }

  @Test
  void slashStatusShowsReadinessAndItsFindingsThatAreNotOk() {
    api.services().hold(TestServices.healthy("slack-ready"));
    api.services()
        .evaluated(
            new dev.standby.model.readiness.Readiness(
                "slack-ready",
                TestServices.OBSERVED_AT,
                dev.standby.model.readiness.ReadinessStatus.FAILING,
                java.util.List.of(
                    new dev.standby.model.readiness.Finding(
                        "targets",
                        "site-b",
                        dev.standby.model.readiness.ReadinessStatus.FAILING,
                        "site-b replica lag 12000 ms behind site-a, past the RPO of 5000 ms"),
                    new dev.standby.model.readiness.Finding(
                        "people",
                        "approvers",
                        dev.standby.model.readiness.ReadinessStatus.OK,
                        "2 approvers configured")),
                7_000L,
                30_000,
                3));

    slack.post(SignedSlack.command("U0VICTOR", "status slack-ready", responseUrl()));

    assertThat(awaitReply().body())
        .contains("Readiness: :red_circle: FAILING, projected RTO 7000 ms (objective 30000 ms)")
        .contains("FAILING targets: site-b replica lag 12000 ms behind site-a, past the RPO")
        .doesNotContain("2 approvers configured");
    slackApi.reset();
  }

  @Test
  void slashDrillPracticeStartsAPracticeDrill() {
    api.services().free("slack-practice");
    dev.standby.api.WaitingDrill.STARTED.clear();

    slack.post(SignedSlack.command("U0OLGA", "drill slack-practice practice", responseUrl()));

    assertThat(awaitReply().body()).contains("Started a practice drill of slack-practice");
    assertThat(dev.standby.api.WaitingDrill.STARTED)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.type()).isEqualTo(dev.standby.model.drill.DrillType.PRACTICE);
              assertThat(r.service()).isEqualTo("slack-practice");
            });
    slackApi.reset();
  }

  @Test
  void slashStatusAnswersFromTheServiceStateWithItsSitesAndRecentHistory() {
    ServiceState state = TestServices.healthy("slack-status").withWatching(true);
    for (int i = 1; i <= 4; i++) {
      state =
          state.recording(
              TestServices.failover(
                  "olga", TestServices.OBSERVED_AT + i * 60_000L, "site-a", "site-b", 4_000 + i));
    }
    api.services().hold(state);

    slack.post(SignedSlack.command("U0VICTOR", "status slack-status", responseUrl()));

    String reply = awaitReply().body();
    assertThat(reply)
        .contains(
            "*slack-status*: primary `site-a`, protected (site-b streams from site-a, 0 ms"
                + " behind), monitored. No operation running")
        .contains("`site-b` REPLICA, HEALTHY, follows site-a, lag 0 ms")
        .contains("2023-11-14T22:17:20Z failover site-a → site-b COMPLETED by olga, RTO 4004 ms")
        .contains("RTO 4003 ms")
        .contains("RTO 4002 ms")
        .as("the last three entries only")
        .doesNotContain("RTO 4001 ms");
    slackApi.reset();

    api.services().stop("slack-status");
    slack.post(SignedSlack.command("U0VICTOR", "status slack-status", responseUrl()));
    assertThat(awaitReply().body())
        .contains(":warning: the state of slack-status is not available")
        .contains("Is the worker running?");
    slackApi.reset();

    // This app has no topology file: the list of every service says how to get one.
    slack.post(SignedSlack.command("U0VICTOR", "status", responseUrl()));
    assertThat(awaitReply().body())
        .contains(":warning: the API has no topology file, so it cannot list the services");
  }

  private void start(String service, String levels) {
    try (var response =
        api.post(
            "/failovers",
            "{\"service\":\""
                + service
                + "\",\"targetSite\":\"site-b\","
                + "\"mode\":\"PLANNED\",\"approval\":{\"levels\":"
                + levels
                + ",\"onTimeout\":\"ABORT\"}}")) {
      assertThat(response.getStatus()).isEqualTo(202);
    }
  }

  /** The Approve button's value in the approval request the workflow posted to the Slack stub. */
  private String awaitApprovalButtonValue() {
    // The run's initial notification is posted too: the approval request is the message with
    // buttons.
    SlackWebApiStub.Call ask =
        await(
            "the approval request",
            () ->
                slackApi.calls("chat.postMessage").stream()
                    .filter(
                        c -> c.params().getOrDefault("blocks", "").contains(ApprovalButton.APPROVE))
                    .findFirst()
                    .orElse(null));
    try {
      JsonNode blocks = new ObjectMapper().readTree(ask.params().get("blocks"));
      return blocks.findValues("value").get(0).asText();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String click(String userId, String actionId, String value) {
    return SignedSlack.click(
        userId, actionId, value, "1700000100." + clicks.incrementAndGet(), responseUrl());
  }

  private static String responseUrl() {
    return slackApi.url() + "respond/" + clicks.incrementAndGet();
  }

  private SlackWebApiStub.Call awaitCall(String method) {
    return await(method, () -> slackApi.calls(method).stream().findFirst().orElse(null));
  }

  /** The answer sent to the interaction's response URL. */
  private SlackWebApiStub.Call awaitReply() {
    return await(
        "a reply",
        () ->
            slackApi.calls().stream()
                .filter(c -> c.method().startsWith("respond/"))
                .findFirst()
                .orElse(null));
  }

  private static <T> T await(String what, Supplier<T> found) {
    try {
      return Awaitility.await(what)
          .atMost(ApiTestApp.PATIENCE)
          .pollInterval(Duration.ofMillis(25))
          .until(found::get, Objects::nonNull);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "no " + what + " reached the Slack stub; calls: " + slackApi.calls(), e);
    }
  }

  /**
   * The refused request changed nothing, and cannot still: a 401 is answered before any handler
   * runs, and a refusal is replied only once its handler has decided not to signal. Then a valid
   * click by an approver must be the one and only answer the run gets, so a wrongly sent signal
   * (the stranger's, the forged one's) would show here as a second signal, a signal by someone
   * else, or a run that had already moved on.
   */
  private void assertRefusedAndOnlyAValidClickLands(String service, String buttonValue) {
    assertThat(signals("failover/" + service)).isEmpty();
    JsonNode status = json(api.get("/failovers/" + service));
    assertThat(status.path("progress").path("currentStep").asText()).isEqualTo("await-approval");
    verify(api.lab().host, never()).fence(eq(service), anyString());

    assertThat(slack.post(click("U0ALICE", ApprovalButton.APPROVE, buttonValue)).statusCode())
        .isEqualTo(200);

    JsonNode done =
        api.awaitJson("/failovers/" + service, s -> !"RUNNING".equals(s.path("status").asText()));
    assertThat(done.path("status").asText()).isEqualTo("COMPLETED");
    assertThat(signals("failover/" + service))
        .singleElement()
        .asString()
        .contains("\"by\":\"alice\"");
  }

  private static List<String> signals(String workflowId) {
    return api.temporal().client().fetchHistory(workflowId).getEvents().stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .map(
            e ->
                e.getWorkflowExecutionSignaledEventAttributes()
                    .getInput()
                    .getPayloads(0)
                    .getData()
                    .toStringUtf8())
        .toList();
  }
}
