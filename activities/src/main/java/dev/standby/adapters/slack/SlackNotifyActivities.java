package dev.standby.adapters.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import dev.standby.activities.NotifyActivities;
import dev.standby.model.FailureType;
import dev.standby.model.approval.ApprovalAsk;
import dev.standby.model.approval.MessageRef;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * Notifications through Slack's Web API (chat.postMessage, chat.update) with a bot token. The API's
 * base URL is configurable so tests, and air-gapped sites with a proxy, can point it elsewhere.
 */
public final class SlackNotifyActivities implements NotifyActivities {
  /** Slack errors that no retry fixes: the token, the channel or the message is wrong. */
  private static final Set<String> PERMANENT =
      Set.of(
          "invalid_auth",
          "not_authed",
          "account_inactive",
          "token_revoked",
          "channel_not_found",
          "not_in_channel",
          "is_archived",
          "msg_too_long",
          "invalid_blocks",
          "message_not_found",
          "cant_update_message",
          "missing_scope");

  private final MethodsClient slack;
  private final SlackChannels channels;

  public SlackNotifyActivities(MethodsClient slack, SlackChannels channels) {
    this.slack = slack;
    this.channels = channels;
  }

  /**
   * @param methodsUrl Slack's Web API base, {@code https://slack.com/api/} unless testing
   */
  public static SlackNotifyActivities create(
      String botToken, String methodsUrl, SlackChannels channels) {
    SlackConfig config = new SlackConfig();
    config.setMethodsEndpointUrlPrefix(methodsUrl.endsWith("/") ? methodsUrl : methodsUrl + "/");
    // The SDK's own call statistics ask auth.test for the team first: a call Standby does not need.
    config.setStatsEnabled(false);
    return new SlackNotifyActivities(Slack.getInstance(config).methods(botToken), channels);
  }

  @Override
  public MessageRef post(String service, String text) {
    ChatPostMessageResponse response =
        call(
            "chat.postMessage",
            () -> slack.chatPostMessage(r -> r.channel(channels.of(service)).text(text)));
    return new MessageRef(response.getChannel(), response.getTs());
  }

  @Override
  public void update(MessageRef message, String text) {
    ChatUpdateResponse ignored =
        call(
            "chat.update",
            () ->
                slack.chatUpdate(
                    r ->
                        r.channel(message.channel())
                            .ts(message.ts())
                            .text(text)
                            .blocks(ApprovalMessage.outcome(text))));
  }

  @Override
  public MessageRef askForApproval(ApprovalAsk ask) {
    ChatPostMessageResponse response =
        call(
            "chat.postMessage",
            () ->
                slack.chatPostMessage(
                    r ->
                        r.channel(channels.of(ask.service()))
                            .text(ApprovalMessage.text(ask))
                            .blocks(ApprovalMessage.ask(ask))));
    return new MessageRef(response.getChannel(), response.getTs());
  }

  /**
   * In the request's thread, also shown in the channel, so the history of one approval stays
   * together.
   */
  @Override
  public MessageRef escalate(ApprovalAsk ask, MessageRef original) {
    String text = ApprovalMessage.escalation(ask);
    ChatPostMessageResponse response =
        call(
            "chat.postMessage",
            () ->
                slack.chatPostMessage(
                    r -> {
                      r.channel(original == null ? channels.of(ask.service()) : original.channel())
                          .text(text);
                      return original == null ? r : r.threadTs(original.ts()).replyBroadcast(true);
                    }));
    return new MessageRef(response.getChannel(), response.getTs());
  }

  private interface SlackCall<T extends SlackApiTextResponse> {
    T call() throws IOException, SlackApiException;
  }

  private static <T extends SlackApiTextResponse> T call(String method, SlackCall<T> call) {
    T response;
    try {
      response = call.call();
    } catch (IOException e) {
      throw new UncheckedIOException("Slack " + method + " did not answer: " + e.getMessage(), e);
    } catch (SlackApiException e) {
      // An HTTP error (429, 5xx): worth a retry with backoff.
      throw new IllegalStateException(
          "Slack " + method + " answered HTTP " + e.getResponse().code(), e);
    }
    if (!response.isOk()) {
      String message = "Slack " + method + " refused: " + response.getError();
      if (PERMANENT.contains(response.getError())) {
        throw ApplicationFailure.newNonRetryableFailure(
            message, FailureType.NOTIFICATION_REFUSED.type());
      }
      throw new IllegalStateException(message);
    }
    return response;
  }
}
