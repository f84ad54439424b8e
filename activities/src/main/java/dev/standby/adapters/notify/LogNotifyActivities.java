package dev.standby.adapters.notify;

import dev.standby.activities.NotifyActivities;
import dev.standby.model.approval.ApprovalAsk;
import dev.standby.model.approval.MessageRef;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications into the worker's log, for a worker without a Slack token: approvals still work
 * (through the API or the CLI), and the log says what would have been posted.
 */
public final class LogNotifyActivities implements NotifyActivities {
  private static final Logger log = LoggerFactory.getLogger(LogNotifyActivities.class);
  private static final String CHANNEL = "log";

  private final AtomicLong sequence = new AtomicLong();

  @Override
  public MessageRef post(String service, String text) {
    log.info("notify {}: {}", service, text);
    return next();
  }

  @Override
  public void update(MessageRef message, String text) {
    log.info("notify (update of {}): {}", message.ts(), text);
  }

  @Override
  public MessageRef askForApproval(ApprovalAsk ask) {
    log.warn(
        "APPROVAL NEEDED for {} of {} (level {}, {} s): {}; approve with POST /runs/{}/approve",
        ask.step(),
        ask.workflowId(),
        ask.level(),
        ask.timeoutSeconds(),
        ask.summary(),
        ask.workflowId());
    return next();
  }

  @Override
  public MessageRef escalate(ApprovalAsk ask, MessageRef original) {
    log.warn(
        "APPROVAL ESCALATED to level {} for {} of {}: contacts {}",
        ask.level(),
        ask.step(),
        ask.workflowId(),
        ask.contacts());
    return next();
  }

  private MessageRef next() {
    return new MessageRef(CHANNEL, Long.toString(sequence.incrementAndGet()));
  }
}
