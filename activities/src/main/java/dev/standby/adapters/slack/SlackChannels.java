package dev.standby.adapters.slack;

import java.util.Map;

/**
 * Where a service's messages go: its own channel (the topology's {@code notify.channel}), or the
 * default one. Channel ids or names both work.
 */
public record SlackChannels(Map<String, String> byService, String defaultChannel) {

  public SlackChannels {
    byService = Map.copyOf(byService);
  }

  public String of(String service) {
    return byService.getOrDefault(service, defaultChannel);
  }
}
