package dev.standby.api.runs;

/**
 * Which workflow a request is about: one kind of work on one service, under the id the workflows derive from
 * the service (so Temporal itself keeps it to one at a time).
 */
public record ServiceRun(String kind, String service, String workflowId) {

  /** For messages: "a failover of payments". */
  public String describe() {
    return kind + " of " + service;
  }
}
