package dev.standby.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code --approval [TIMEOUTS]} and {@code --on-approval-timeout} as the API's {@code "approval"}
 * body: {@code {"levels":[{"timeoutSeconds":300}],"onTimeout":"ABORT"}}, or {@code {}} for the
 * service's own levels.
 */
final class ApprovalOption {
  static final List<String> ACTIONS = List.of("KEEP_WAITING", "PROCEED", "ABORT");

  private ApprovalOption() {}

  static Map<String, Object> body(CommandLine command, String timeouts, String onTimeout) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (timeouts != null && !timeouts.isBlank()) {
      List<Map<String, Object>> levels = new ArrayList<>();
      for (String level : timeouts.split(",")) {
        levels.add(Map.of("timeoutSeconds", seconds(command, level.trim())));
      }
      if (levels.size() > 3) {
        throw usage(command, "--approval takes at most 3 levels, got " + levels.size());
      }
      body.put("levels", levels);
    }
    if (onTimeout != null) {
      String action = onTimeout.toUpperCase(Locale.ROOT).replace('-', '_');
      if (!ACTIONS.contains(action)) {
        throw usage(
            command,
            "--on-approval-timeout is one of " + String.join(", ", ACTIONS) + ": " + onTimeout);
      }
      body.put("onTimeout", action);
    }
    return body;
  }

  /** {@code 300}, {@code 90s}, {@code 15m} or {@code 2h} as seconds. */
  static long seconds(CommandLine command, String level) {
    return seconds(command, "--approval level timeout", level);
  }

  /**
   * {@code 300}, {@code 90s}, {@code 15m} or {@code 2h} as seconds; {@code what} names the option.
   */
  static long seconds(CommandLine command, String what, String level) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d{1,7})([smh]?)").matcher(level);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw usage(
          command, what + " is a positive number of seconds or 90s, 15m, 2h: '" + level + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> n * 60;
      case "h" -> n * 3600;
      default -> n;
    };
  }

  private static CommandLine.ParameterException usage(CommandLine command, String message) {
    return new CommandLine.ParameterException(command, message);
  }
}
