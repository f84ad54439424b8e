package dev.standby.model.approval;

/**
 * A message the notifier posted, so it can be updated later: Slack's channel id and message
 * timestamp.
 */
public record MessageRef(String channel, String ts) {}
