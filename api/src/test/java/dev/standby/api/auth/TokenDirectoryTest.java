package dev.standby.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenDirectoryTest {
  private static final TokenGrant OPERATOR =
      new TokenGrant("ops", "OPS_TOKEN", Set.of(Role.OPERATOR));
  private static final TokenGrant APPROVER =
      new TokenGrant("lead", "LEAD_TOKEN", Set.of(Role.APPROVER));

  @Test
  void findsTheCallerByTokenFromTheEnvironment() {
    TokenDirectory directory =
        TokenDirectory.from(
            List.of(OPERATOR, APPROVER),
            Map.of("OPS_TOKEN", "0123456789abcdef-ops", "LEAD_TOKEN", "0123456789abcdef-lead")::get,
            new ArrayList<>());

    assertThat(directory.caller("0123456789abcdef-lead"))
        .hasValueSatisfying(
            caller -> {
              assertThat(caller.name()).isEqualTo("lead");
              assertThat(caller.may(Role.APPROVER)).isTrue();
              assertThat(caller.may(Role.VIEWER)).isTrue();
              assertThat(caller.may(Role.OPERATOR)).isFalse();
            });
    assertThat(directory.caller("0123456789abcdef")).isEmpty();
  }

  @Test
  void aGrantWhoseVariableIsUnsetIsDisabledAndSaysSo() {
    List<String> unset = new ArrayList<>();
    TokenDirectory directory =
        TokenDirectory.from(
            List.of(OPERATOR, APPROVER), Map.of("OPS_TOKEN", "0123456789abcdef-ops")::get, unset);

    assertThat(directory.size()).isEqualTo(1);
    assertThat(unset).containsExactly("token 'lead' is disabled: LEAD_TOKEN is not set");
  }

  @Test
  void aShortOrSharedTokenStopsTheStart() {
    assertThatThrownBy(
            () ->
                TokenDirectory.from(
                    List.of(OPERATOR, APPROVER),
                    Map.of("OPS_TOKEN", "short", "LEAD_TOKEN", "0123456789abcdef")::get,
                    new ArrayList<>()))
        .hasMessage("auth.tokens: OPS_TOKEN (token 'ops') is shorter than 16 characters");
    assertThatThrownBy(
            () ->
                TokenDirectory.from(
                    List.of(OPERATOR, APPROVER),
                    Map.of("OPS_TOKEN", "0123456789abcdef", "LEAD_TOKEN", "0123456789abcdef")::get,
                    new ArrayList<>()))
        .hasMessage("auth.tokens: LEAD_TOKEN (token 'lead') holds the same value as another token");
  }

  @Test
  void noUsableTokenStopsTheStart() {
    AuthFactory factory = new AuthFactory();

    assertThatThrownBy(() -> factory.build(name -> null))
        .hasMessage(
            "auth.tokens: no API token is usable, so every request would be refused; add one under auth.tokens");
  }
}
