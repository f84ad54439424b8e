package dev.standby.adapters.notify;

import dev.standby.activities.NotifyActivities;
import dev.standby.adapters.slack.SlackChannels;
import dev.standby.adapters.slack.SlackNotifyActivities;
import dev.standby.topology.Topology;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Chooses the notifier from the worker's environment: Slack when {@code STANDBY_SLACK_BOT_TOKEN} is
 * set, the log otherwise. Each service's messages go to the channel of its topology {@code notify}
 * block, or to {@code STANDBY_SLACK_CHANNEL}; {@code STANDBY_SLACK_API_URL} overrides Slack's Web
 * API base. The token stays in the environment, never in the topology file.
 */
public final class Notifiers {
  public static final String TOKEN = "STANDBY_SLACK_BOT_TOKEN";
  public static final String CHANNEL = "STANDBY_SLACK_CHANNEL";
  public static final String API_URL = "STANDBY_SLACK_API_URL";

  private Notifiers() {}

  public static NotifyActivities fromEnvironment(
      Function<String, String> environment, Topology topology) {
    String token = environment.apply(TOKEN);
    if (token == null || token.isBlank()) {
      return new LogNotifyActivities();
    }
    Map<String, String> byService = new LinkedHashMap<>();
    topology
        .services()
        .forEach(
            (name, service) -> {
              if (service.notifications().channel() != null) {
                byService.put(name, service.notifications().channel());
              }
            });
    String channel = environment.apply(CHANNEL);
    List<String> without =
        topology.services().keySet().stream().filter(s -> !byService.containsKey(s)).toList();
    if ((channel == null || channel.isBlank()) && !without.isEmpty()) {
      throw new IllegalArgumentException(
          TOKEN
              + " is set but "
              + CHANNEL
              + " is not, and services "
              + without
              + " name no channel in their notify block: where should their approvals go?");
    }
    String url = environment.apply(API_URL);
    return SlackNotifyActivities.create(
        token.strip(),
        url == null || url.isBlank() ? "https://slack.com/api/" : url,
        new SlackChannels(
            byService, channel == null || channel.isBlank() ? null : channel.strip()));
  }

  public static String describe(NotifyActivities notifier) {
    return notifier instanceof SlackNotifyActivities ? "Slack" : "the log (no " + TOKEN + ")";
  }
}
