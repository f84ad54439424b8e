package dev.standby.workflows.approval;

import dev.standby.activities.NotifyActivities;
import dev.standby.model.approval.Approval;
import dev.standby.model.approval.ApprovalAsk;
import dev.standby.model.approval.ApprovalDecision;
import dev.standby.model.approval.ApprovalDecision.Verdict;
import dev.standby.model.approval.ApprovalLevel;
import dev.standby.model.approval.ApprovalRequirement;
import dev.standby.model.approval.ApprovalStatus;
import dev.standby.model.approval.MessageRef;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * A workflow's wait for a person's yes or no, escalating through contact levels while nobody
 * answers. The workflow's {@code approve} and {@code reject} signal methods hand their argument to
 * {@link #approve}/{@link #reject}; {@link #await} asks, waits with a timer per level, and returns
 * the decision.
 *
 * <p>The first answer for a step decides it: a retried or duplicated signal, or a late reject after
 * an approval, changes nothing. An answer for a step that is not waiting is ignored, so an approval
 * meant for one step can never let another one through.
 *
 * <p>Notifications are best effort: Slack being down must not stop a decision made through the API,
 * so a failed notify activity is logged and the wait goes on. They run beside the timers, so a slow
 * Slack never delays an escalation.
 */
public final class ApprovalGate {
  private static final Logger log = Workflow.getLogger(ApprovalGate.class);

  private final NotifyActivities notify = Workflow.newActivityStub(NotifyActivities.class);

  /**
   * Answers to the step waiting now, and to steps already decided (kept so duplicates stay
   * harmless).
   */
  private final Map<String, Answer> answers = new LinkedHashMap<>();

  private final List<ApprovalDecision> decisions = new ArrayList<>();
  private String pendingStep;
  private int level;
  private String withdrawn;

  private record Answer(Approval approval, boolean approved) {}

  public void approve(Approval approval) {
    record(approval, true);
  }

  public void reject(Approval approval) {
    record(approval, false);
  }

  /**
   * Asks for approval of {@code step} and waits for it, escalating level by level; after the last
   * level's timeout the requirement's {@code onTimeout} decides.
   *
   * @param summary what will happen once approved, e.g. "PLANNED failover of payments to site-b"
   */
  public ApprovalDecision await(
      String service, String step, String summary, ApprovalRequirement requirement) {
    pendingStep = step;
    List<ApprovalLevel> levels = requirement.levelsOrDefault();
    List<Promise<MessageRef>> notices = new ArrayList<>();
    Promise<MessageRef> asked = null;
    boolean answered = false;
    for (int i = 0; i < levels.size() && !answered; i++) {
      level = i + 1;
      ApprovalLevel contacts = levels.get(i);
      ApprovalAsk ask =
          new ApprovalAsk(
              Workflow.getInfo().getWorkflowId(),
              service,
              step,
              summary,
              level,
              contacts.contacts(),
              contacts.timeoutSeconds());
      if (asked == null) {
        asked = Async.function(notify::askForApproval, ask);
      } else {
        notices.add(Async.function(notify::escalate, ask, messageOrNull(asked)));
      }
      answered =
          Workflow.await(
              Duration.ofSeconds(contacts.timeoutSeconds()),
              () -> answers.containsKey(step) || withdrawn != null);
    }
    ApprovalDecision decision =
        withdrawn != null
            ? withdrawnDecision(step)
            : answered ? decided(step) : onLastTimeout(step, requirement);
    decisions.add(decision);
    pendingStep = null;
    notices.forEach(ApprovalGate::messageOrNull);
    MessageRef message = asked == null ? null : messageOrNull(asked);
    if (message != null) {
      bestEffort(() -> notify.update(message, summary + ": " + decision.describe()));
    }
    return decision;
  }

  /**
   * Ends the wait of the step asking now without an answer, e.g. because the run was aborted by a
   * signal: its {@link #await} returns a WITHDRAWN decision. Does nothing when no step waits.
   */
  public void withdraw(String why) {
    if (pendingStep != null && !answers.containsKey(pendingStep)) {
      withdrawn = why;
    }
  }

  public ApprovalStatus status() {
    return new ApprovalStatus(pendingStep, pendingStep == null ? 0 : level, List.copyOf(decisions));
  }

  private ApprovalDecision onLastTimeout(String step, ApprovalRequirement requirement) {
    return switch (requirement.onTimeoutOrDefault()) {
      case PROCEED -> new ApprovalDecision(step, Verdict.PROCEEDED_ON_TIMEOUT, null, level);
      case ABORT -> new ApprovalDecision(step, Verdict.ABORTED_ON_TIMEOUT, null, level);
      case KEEP_WAITING -> {
        log.info("No answer for {} up to level {}: waiting on without a deadline", step, level);
        Workflow.await(() -> answers.containsKey(step) || withdrawn != null);
        yield withdrawn != null ? withdrawnDecision(step) : decided(step);
      }
    };
  }

  private ApprovalDecision withdrawnDecision(String step) {
    String why = withdrawn;
    withdrawn = null;
    return new ApprovalDecision(
        step, Verdict.WITHDRAWN, new Approval(step, "standby", null, why), level);
  }

  private ApprovalDecision decided(String step) {
    Answer answer = answers.get(step);
    return new ApprovalDecision(
        step, answer.approved() ? Verdict.APPROVED : Verdict.REJECTED, answer.approval(), level);
  }

  private void record(Approval approval, boolean approved) {
    if (approval == null
        || approval.step() == null
        || approval.by() == null
        || approval.by().isBlank()) {
      log.warn("Ignoring an answer without a step or an author: {}", approval);
      return;
    }
    if (answers.containsKey(approval.step())) {
      log.info(
          "Ignoring a repeated answer for {} by {}: it was decided already",
          approval.step(),
          approval.by());
      return;
    }
    if (!approval.step().equals(pendingStep)) {
      log.warn(
          "Ignoring an answer for {} by {}: that step is not waiting for approval (waiting: {})",
          approval.step(),
          approval.by(),
          pendingStep);
      return;
    }
    answers.put(approval.step(), new Answer(approval, approved));
  }

  private static MessageRef messageOrNull(Promise<MessageRef> message) {
    try {
      return message.get();
    } catch (ActivityFailure e) {
      log.warn(
          "A notification failed; the approval goes on without it: {}",
          e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
      return null;
    }
  }

  private static void bestEffort(Runnable notification) {
    try {
      notification.run();
    } catch (ActivityFailure e) {
      log.warn(
          "A notification failed: {}",
          e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
    }
  }
}
