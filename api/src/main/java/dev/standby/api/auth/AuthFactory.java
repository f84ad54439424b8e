package dev.standby.api.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code auth} block of the config: the API's bearer tokens, each named by its environment
 * variable.
 */
public class AuthFactory {
  private static final Logger log = LoggerFactory.getLogger(AuthFactory.class);

  @Valid @NotNull @JsonProperty private List<TokenGrant> tokens = List.of();

  public List<TokenGrant> getTokens() {
    return tokens;
  }

  /** Stops the API at start when no token is usable: it would refuse every request. */
  public TokenDirectory build(Function<String, String> environment) {
    List<String> unset = new ArrayList<>();
    TokenDirectory directory = TokenDirectory.from(tokens, environment, unset);
    unset.forEach(line -> log.warn("auth: {}", line));
    if (directory.size() == 0) {
      throw new IllegalStateException(
          "auth.tokens: no API token is usable, so every request would be refused"
              + (unset.isEmpty()
                  ? "; add one under auth.tokens"
                  : ": " + String.join("; ", unset)));
    }
    return directory;
  }
}
