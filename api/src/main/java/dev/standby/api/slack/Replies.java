package dev.standby.api.slack;

import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import dev.standby.api.approval.ApprovalSent;
import dev.standby.api.errors.ApiException;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers sent after the ack, through the interaction's response URL, visible only to the one who
 * asked. The slow part (Temporal) runs here, on the API's Slack executor, so Slack gets its ack
 * well within 3 seconds.
 */
final class Replies {
  private static final Logger log = LoggerFactory.getLogger(Replies.class);

  private Replies() {}

  interface Responder {
    void respond(String text) throws IOException;
  }

  static Responder of(ActionContext ctx) {
    return text -> ctx.respond(r -> r.responseType("ephemeral").replaceOriginal(false).text(text));
  }

  static Responder of(SlashCommandContext ctx) {
    return text -> ctx.respond(r -> r.responseType("ephemeral").text(text));
  }

  /** {@code :white_check_mark: Approved group-2 of region/site-a as alice.} */
  static String answered(ApprovalSent sent) {
    return ":white_check_mark: "
        + ("approve".equals(sent.answer()) ? "Approved " : "Rejected ")
        + sent.step()
        + " of "
        + sent.workflowId()
        + " as "
        + sent.by()
        + ".";
  }

  /** Runs the work and sends its answer, or the reason it could not be done. */
  static void send(Responder responder, Supplier<String> work) {
    String text;
    try {
      text = work.get();
    } catch (ApiException e) {
      text = ":warning: " + e.getMessage();
    } catch (RuntimeException e) {
      log.error("A Slack request failed", e);
      text = ":warning: Standby could not do that: " + e.getMessage();
    }
    try {
      responder.respond(text);
    } catch (IOException | RuntimeException e) {
      log.warn("Could not answer on Slack: {}", e.getMessage());
    }
  }
}
