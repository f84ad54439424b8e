package dev.standby.workflows.service;

/**
 * After a failed unplanned failover the monitor watches again only after a backoff (10 s, doubling,
 * at most 5 min), so a service that stays down is retried without a storm of failovers.
 */
final class FailoverRetry {
  static final long FIRST_DELAY_MILLIS = 10_000;
  static final long MAX_DELAY_MILLIS = 300_000;

  private int failures;
  private long notBefore;

  /** Records a failure and returns how long the monitor now waits. */
  long failed(long nowMillis) {
    failures++;
    long delay = Math.min(MAX_DELAY_MILLIS, FIRST_DELAY_MILLIS << Math.min(failures - 1, 10));
    notBefore = nowMillis + delay;
    return delay;
  }

  void succeeded() {
    failures = 0;
    notBefore = 0;
  }

  boolean due(long nowMillis) {
    return nowMillis >= notBefore;
  }
}
