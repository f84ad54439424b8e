package dev.standby.model.approval;

/**
 * One person's answer to a step that waits for approval: the argument of the {@code approve} and
 * {@code reject} signals, so the workflow history records who answered which step, when and why.
 *
 * @param step the step the answer is for, e.g. {@code promote-target}: an answer for another step
 *     is ignored
 * @param by who answered, as authenticated by the API or mapped from their Slack user
 * @param atMillis when they answered, by the caller's clock (the history has the server's time too)
 * @param comment optional, shown with the outcome
 */
public record Approval(String step, String by, Long atMillis, String comment) {}
