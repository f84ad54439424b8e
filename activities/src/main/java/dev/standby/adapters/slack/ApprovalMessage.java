package dev.standby.adapters.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asElements;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import dev.standby.model.approval.ApprovalAsk;
import dev.standby.model.approval.ApprovalButton;
import java.util.List;
import java.util.stream.Collectors;

/** The Block Kit of an approval request, its escalations and its outcome. */
final class ApprovalMessage {
  private ApprovalMessage() {}

  static String text(ApprovalAsk ask) {
    return "Approval needed for " + ask.step() + " of " + ask.workflowId() + ": " + ask.summary();
  }

  static List<LayoutBlock> ask(ApprovalAsk ask) {
    String value = ApprovalButton.value(ask.workflowId(), ask.step());
    return List.of(
        section(
            s ->
                s.text(
                    markdownText(
                        ":rotating_light: *Approval needed:* "
                            + ask.step()
                            + " of `"
                            + ask.workflowId()
                            + "`\n"
                            + ask.summary()
                            + mentions(ask)))),
        actions(
            a ->
                a.blockId("standby_approval")
                    .elements(
                        asElements(
                            button(
                                b ->
                                    b.actionId(ApprovalButton.APPROVE)
                                        .text(plainText("Approve"))
                                        .style("primary")
                                        .value(value)),
                            button(
                                b ->
                                    b.actionId(ApprovalButton.REJECT)
                                        .text(plainText("Reject"))
                                        .style("danger")
                                        .value(value))))),
        context(
            c ->
                c.elements(
                    List.of(
                        markdownText(
                            "Level "
                                + ask.level()
                                + " of the escalation; the next level is "
                                + "asked after "
                                + ask.timeoutSeconds()
                                + " s without an answer. `/standby approve "
                                + ask.workflowId()
                                + "` works too.")))));
  }

  static String escalation(ApprovalAsk ask) {
    return ":arrow_double_up: Still waiting for approval of "
        + ask.step()
        + " of `"
        + ask.workflowId()
        + "`: escalated to level "
        + ask.level()
        + "."
        + mentions(ask);
  }

  static List<LayoutBlock> outcome(String text) {
    return List.of(section(s -> s.text(markdownText(text))));
  }

  /**
   * Slack mentions users as {@code <@U123>} and user groups as {@code <!subteam^S123>}; anything
   * else as written.
   */
  private static String mentions(ApprovalAsk ask) {
    if (ask.contacts().isEmpty()) {
      return "";
    }
    return "\n"
        + ask.contacts().stream().map(ApprovalMessage::mention).collect(Collectors.joining(" "));
  }

  private static String mention(String contact) {
    if (contact.matches("[UW][A-Z0-9]{2,}")) {
      return "<@" + contact + ">";
    }
    if (contact.matches("S[A-Z0-9]{2,}")) {
      return "<!subteam^" + contact + ">";
    }
    return contact;
  }
}
