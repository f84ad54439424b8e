package dev.standby.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The callers the API knows, by token. Tokens are compared as SHA-256 digests in constant time. */
public final class TokenDirectory {
  /** Shorter tokens can be guessed; a DR tool that can promote databases deserves better. */
  static final int MIN_TOKEN_LENGTH = 16;

  private record Entry(byte[] digest, Caller caller) {}

  private final List<Entry> entries;

  private TokenDirectory(List<Entry> entries) {
    this.entries = entries;
  }

  /**
   * Reads each grant's token from the environment. A grant whose variable is unset is left out (and
   * named in the problems); a token that is too short, or shared by two grants, stops the API at
   * start.
   *
   * @param environment {@code System::getenv} outside tests
   */
  public static TokenDirectory from(
      List<TokenGrant> grants, Function<String, String> environment, List<String> unset) {
    List<Entry> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (TokenGrant grant : grants) {
      String token = environment.apply(grant.getTokenEnv());
      if (token == null || token.isBlank()) {
        unset.add(
            "token '" + grant.getName() + "' is disabled: " + grant.getTokenEnv() + " is not set");
        continue;
      }
      if (token.strip().length() < MIN_TOKEN_LENGTH) {
        problems.add(
            grant.getTokenEnv()
                + " (token '"
                + grant.getName()
                + "') is shorter than "
                + MIN_TOKEN_LENGTH
                + " characters");
        continue;
      }
      byte[] digest = digest(token.strip());
      if (entries.stream().anyMatch(e -> MessageDigest.isEqual(e.digest(), digest))) {
        problems.add(
            grant.getTokenEnv()
                + " (token '"
                + grant.getName()
                + "') holds the same value as another token");
        continue;
      }
      entries.add(new Entry(digest, new Caller(grant.getName(), grant.getRoles())));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("auth.tokens: " + String.join("; ", problems));
    }
    return new TokenDirectory(List.copyOf(entries));
  }

  public Optional<Caller> caller(String token) {
    byte[] digest = digest(token);
    Caller found = null;
    for (Entry entry : entries) {
      // Every entry is compared, so the time taken does not tell how many tokens or which one came
      // close.
      if (MessageDigest.isEqual(entry.digest(), digest)) {
        found = entry.caller();
      }
    }
    return Optional.ofNullable(found);
  }

  public int size() {
    return entries.size();
  }

  private static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
