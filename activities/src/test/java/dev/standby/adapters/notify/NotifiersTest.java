package dev.standby.adapters.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.standby.adapters.slack.SlackNotifyActivities;
import dev.standby.adapters.slack.SlackWebApiStub;
import dev.standby.topology.Topology;
import dev.standby.topology.TopologyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier the worker builds: Slack with each service's channel from its notify block, or the
 * log.
 */
class NotifiersTest {
  private static final String SERVICE =
      """
        %s:
          primarySite: site-a
          objectives: {rto: 30s, rpo: 5s}
          traffic: {admin: "127.0.0.1:18099", group: be, frontDoor: "http://127.0.0.1:18080"}
          %s
          sites:
            site-a: {app: "http://127.0.0.1:18081", database: {url: "jdbc:postgresql://127.0.0.1:15432/orders"}}
            site-b: {app: "http://127.0.0.1:18082", database: {url: "jdbc:postgresql://127.0.0.1:15433/orders"}}
      """;

  @TempDir Path dir;

  @Test
  void eachServicePostsToTheChannelOfItsNotifyBlockAndTheOthersToTheDefault() throws IOException {
    Topology topology = topology("notify: {channel: C0PAYMENTS}");
    try (SlackWebApiStub slack = SlackWebApiStub.start()) {
      var notifier =
          Notifiers.fromEnvironment(
              Map.of(
                      Notifiers.TOKEN,
                      "xoxb-test",
                      Notifiers.API_URL,
                      slack.url(),
                      Notifiers.CHANNEL,
                      "C0DEFAULT")
                  ::get,
              topology);

      notifier.post("payments", "to the payments channel");
      notifier.post("orders", "to the default channel");

      assertThat(notifier).isInstanceOf(SlackNotifyActivities.class);
      assertThat(slack.calls("chat.postMessage"))
          .extracting(c -> c.params().get("channel"))
          .containsExactly("C0PAYMENTS", "C0DEFAULT");
    }
  }

  @Test
  void aServiceWithoutAChannelNeedsTheDefaultOneAndTheErrorNamesIt() throws IOException {
    Topology topology = topology("notify: {channel: C0PAYMENTS}");

    assertThatThrownBy(
            () -> Notifiers.fromEnvironment(Map.of(Notifiers.TOKEN, "xoxb-test")::get, topology))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "STANDBY_SLACK_BOT_TOKEN is set but STANDBY_SLACK_CHANNEL is not, and services [orders] name no "
                + "channel in their notify block: where should their approvals go?");
  }

  @Test
  void withoutABotTokenTheLogIsTheNotifier() throws IOException {
    assertThat(Notifiers.fromEnvironment(Map.<String, String>of()::get, topology("")))
        .isInstanceOf(LogNotifyActivities.class);
  }

  private Topology topology(String paymentsNotify) throws IOException {
    String yaml =
        "sites:\n  site-a: {provider: lab}\n  site-b: {provider: lab}\nservices:\n"
            + SERVICE.formatted("payments", paymentsNotify)
            + SERVICE.formatted("orders", "");
    return TopologyLoader.load(Files.writeString(dir.resolve("topology.yaml"), yaml));
  }
}
