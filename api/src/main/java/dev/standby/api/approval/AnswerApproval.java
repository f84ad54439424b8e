package dev.standby.api.approval;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of an approve or reject; may be empty.
 *
 * @param step optional: the step answered, checked against the one waiting (guards against
 *     answering a step other than the one read on the status page)
 */
public record AnswerApproval(
    @Pattern(
            regexp = "[a-z0-9][a-z0-9%-]{0,62}",
            message = "must be a step name such as promote-target or shift-50%")
        String step,
    @Size(max = 1000) String comment) {
  public static final AnswerApproval NONE = new AnswerApproval(null, null);
}
