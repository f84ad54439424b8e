package dev.standby.api.slack;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.standby.api.auth.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code slack} block of the config: the environment variable holding the Slack app's signing
 * secret, and which Slack users may do what. Without the secret set, {@code /slack/events} is not
 * served at all.
 */
public class SlackFactory {
  @NotNull
  @Pattern(regexp = "[A-Z_][A-Z0-9_]*", message = "must be an environment variable's name")
  @JsonProperty
  private String signingSecretEnv = "STANDBY_SLACK_SIGNING_SECRET";

  @Valid @NotNull @JsonProperty private List<SlackUser> users = List.of();

  /**
   * @return the signing secret, or null when its variable is unset
   */
  public String signingSecret(Function<String, String> environment) {
    String secret = environment.apply(signingSecretEnv);
    return secret == null || secret.isBlank() ? null : secret.strip();
  }

  public String getSigningSecretEnv() {
    return signingSecretEnv;
  }

  /** Slack user id to the caller it acts as. */
  public Map<String, Caller> callers() {
    return users.stream()
        .collect(
            Collectors.toUnmodifiableMap(
                SlackUser::getUserId, user -> new Caller(user.getName(), user.getRoles())));
  }
}
