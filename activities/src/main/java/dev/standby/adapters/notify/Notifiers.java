package dev.standby.adapters.notify;

import dev.standby.activities.NotifyActivities;
import dev.standby.adapters.slack.SlackChannels;
import dev.standby.adapters.slack.SlackNotifyActivities;
import java.util.Map;
import java.util.function.Function;

/**
 * Chooses the notifier from the worker's environment: Slack when {@code STANDBY_SLACK_BOT_TOKEN} is set
 * (posting to {@code STANDBY_SLACK_CHANNEL}; {@code STANDBY_SLACK_API_URL} overrides Slack's Web API base),
 * the log otherwise. The token stays in the environment, never in the topology file.
 */
public final class Notifiers {
  public static final String TOKEN = "STANDBY_SLACK_BOT_TOKEN";
  public static final String CHANNEL = "STANDBY_SLACK_CHANNEL";
  public static final String API_URL = "STANDBY_SLACK_API_URL";

  private Notifiers() {}

  public static NotifyActivities fromEnvironment(Function<String, String> environment) {
    String token = environment.apply(TOKEN);
    if (token == null || token.isBlank()) {
      return new LogNotifyActivities();
    }
    String channel = environment.apply(CHANNEL);
    if (channel == null || channel.isBlank()) {
      throw new IllegalArgumentException(TOKEN + " is set but " + CHANNEL + " is not: where should approvals go?");
    }
    String url = environment.apply(API_URL);
    return SlackNotifyActivities.create(token.strip(), url == null || url.isBlank() ? "https://slack.com/api/" : url,
        new SlackChannels(Map.of(), channel.strip()));
  }

  public static String describe(NotifyActivities notifier) {
    return notifier instanceof SlackNotifyActivities ? "Slack" : "the log (no " + TOKEN + ")";
  }
}
