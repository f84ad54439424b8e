package dev.standby.api.approval;

import dev.standby.api.validation.Name;
import jakarta.validation.constraints.Size;

/**
 * The body of an approve or reject; may be empty.
 *
 * @param step optional: the step answered, checked against the one waiting (guards against answering a step
 *     other than the one read on the status page)
 */
public record AnswerApproval(@Name String step, @Size(max = 1000) String comment) {
  public static final AnswerApproval NONE = new AnswerApproval(null, null);
}
