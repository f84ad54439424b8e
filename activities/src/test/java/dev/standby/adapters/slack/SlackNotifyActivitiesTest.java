package dev.standby.adapters.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.standby.model.FailureType;
import dev.standby.model.approval.ApprovalAsk;
import dev.standby.model.approval.MessageRef;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Slack adapter against a stub of Slack's Web API on loopback. */
class SlackNotifyActivitiesTest {
  private static final SlackWebApiStub slack = SlackWebApiStub.start();
  private final SlackNotifyActivities notify =
      SlackNotifyActivities.create(
          "xoxb-0000-test-token",
          slack.url(),
          new SlackChannels(Map.of("payments", "C-payments"), "C-default"));
  private final ApprovalAsk ask =
      new ApprovalAsk(
          "failover/payments",
          "payments",
          "promote-target",
          "PLANNED failover of payments from site-a to site-b",
          1,
          List.of("U024BE7LH", "S0614TZR7", "@oncall"),
          300);

  @AfterAll
  static void stop() {
    slack.close();
  }

  @BeforeEach
  void reset() {
    slack.reset();
  }

  @Test
  void anApprovalRequestHasButtonsThatNameTheRunAndTheStep() {
    MessageRef message = notify.askForApproval(ask);

    SlackWebApiStub.Call call = slack.calls("chat.postMessage").get(0);
    assertThat(call.token()).isEqualTo("xoxb-0000-test-token");
    assertThat(call.params()).containsEntry("channel", "C-payments");
    assertThat(call.params().get("text"))
        .isEqualTo(
            "Approval needed for promote-target of failover/payments: "
                + "PLANNED failover of payments from site-a to site-b");
    String blocks = json(call.params().get("blocks"));
    assertThat(blocks)
        .contains(
            "\"action_id\":\"standby_approve\"",
            "\"action_id\":\"standby_reject\"",
            "\"value\":\"failover/payments|promote-target\"",
            "\"style\":\"primary\"",
            "\"style\":\"danger\"",
            "<@U024BE7LH> <!subteam^S0614TZR7> @oncall");
    assertThat(message.channel()).isEqualTo("C-stub");
    assertThat(message.ts()).startsWith("1700000000.");
  }

  /**
   * Slack's client escapes {@code <} and {@code >} as unicode; read back, the text is what Slack
   * shows.
   */
  private static String json(String text) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anEscalationMentionsTheNextLevelInTheRequestsThread() {
    MessageRef original = new MessageRef("C-payments", "1700000000.000001");
    ApprovalAsk levelTwo =
        new ApprovalAsk(
            "failover/payments", "payments", "promote-target", "x", 2, List.of("U0BACKUP1"), 600);

    notify.escalate(levelTwo, original);

    Map<String, String> params = slack.calls("chat.postMessage").get(0).params();
    assertThat(params)
        .containsEntry("channel", "C-payments")
        .containsEntry("thread_ts", "1700000000.000001")
        .containsEntry("reply_broadcast", "1");
    assertThat(params.get("text")).contains("escalated to level 2", "<@U0BACKUP1>");
  }

  @Test
  void theOutcomeReplacesTheButtons() {
    notify.update(new MessageRef("C-payments", "1700000000.000001"), "approved by alice");

    Map<String, String> params = slack.calls("chat.update").get(0).params();
    assertThat(params)
        .containsEntry("channel", "C-payments")
        .containsEntry("ts", "1700000000.000001")
        .containsEntry("text", "approved by alice");
    assertThat(params.get("blocks")).doesNotContain("standby_approve");
  }

  @Test
  void aServiceWithoutItsOwnChannelPostsToTheDefault() {
    notify.post("orders", "failover of orders started");

    assertThat(slack.calls("chat.postMessage").get(0).params())
        .containsEntry("channel", "C-default");
  }

  @Test
  void aRefusalNoRetryFixesIsNonRetryableAndOthersAreRetried() {
    slack.failWith("chat.postMessage", "channel_not_found");
    assertThatThrownBy(() -> notify.post("payments", "x"))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.getType()).isEqualTo(FailureType.NOTIFICATION_REFUSED.type());
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .isEqualTo("Slack chat.postMessage refused: channel_not_found");
            });

    slack.failWith("chat.postMessage", "ratelimited");
    assertThatThrownBy(() -> notify.post("payments", "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Slack chat.postMessage refused: ratelimited");
  }
}
