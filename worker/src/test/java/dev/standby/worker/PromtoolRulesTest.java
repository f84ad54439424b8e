package dev.standby.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/prometheus/standby-rules.yml through promtool (Debian package {@code prometheus}, which
 * bin/setup installs): the rules parse, every alert fires on its failing series and stays quiet on
 * its passing ones, and a broken rule fails the build with promtool's words.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PromtoolRulesTest {
  private static final Path RULES_DIR = repositoryRoot().resolve("deploy/prometheus");
  private static final Path RULES = RULES_DIR.resolve("standby-rules.yml");

  /** Minute-scale alerts, and the age alerts evaluated hourly over days. */
  private static final List<String> TESTS =
      List.of("standby-rules.test.yml", "standby-rules-ages.test.yml");

  @Test
  void theRulesParse() throws Exception {
    Run check = promtool(RULES_DIR, "check", "rules", RULES.toString());
    assertThat(check.exit()).as(check.output()).isZero();
  }

  @Test
  void theComposePrometheusConfigLoadsTheRules() throws Exception {
    Run check = promtool(RULES_DIR, "check", "config", "prometheus.yml");
    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output()).contains("1 rule files found");
  }

  @Test
  void everyAlertFiresOnItsFailingSeriesAndNotOnItsPassingOnes() throws Exception {
    Run test = promtool(RULES_DIR, testRules(TESTS));
    assertThat(test.exit()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyAlertHasAFiringCaseAndAQuietCase() throws IOException {
    Map<String, Object> rules = new Yaml().load(Files.readString(RULES));
    Set<String> alerts = new LinkedHashSet<>();
    for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        alerts.add((String) rule.get("alert"));
      }
    }
    Set<String> firing = new LinkedHashSet<>();
    Set<String> quiet = new LinkedHashSet<>();
    List<Map<String, Object>> all = new ArrayList<>();
    for (String file : TESTS) {
      Map<String, Object> tests = new Yaml().load(Files.readString(RULES_DIR.resolve(file)));
      all.addAll((List<Map<String, Object>>) tests.get("tests"));
    }
    for (Map<String, Object> test : all) {
      for (Map<String, Object> eval : (List<Map<String, Object>>) test.get("alert_rule_test")) {
        List<?> expected = (List<?>) eval.get("exp_alerts");
        (expected == null || expected.isEmpty() ? quiet : firing)
            .add((String) eval.get("alertname"));
      }
      // a case where one service fires and another does not is a quiet case for the other
      if (((List<?>) test.get("input_series")).size() > 1) {
        quiet.addAll(firingServicesLeaveOthersQuiet(test));
      }
    }
    assertThat(firing).as("alerts with a firing case").containsAll(alerts);
    assertThat(quiet).as("alerts with a quiet case").containsAll(alerts);
  }

  @Test
  void aBrokenRuleFailsWithPromtoolsOutput(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("standby-rules.yml"),
        Files.readString(RULES).replace("> 35 * 86400", "> 36 * 86400"));
    for (String file : TESTS) {
      Files.copy(RULES_DIR.resolve(file), dir.resolve(file));
    }

    Run test = promtool(dir, testRules(TESTS));
    assertThat(test.exit()).as(test.output()).isNotZero();
    assertThat(test.output()).contains("FAILED").contains("StandbyDrillOverdue");
  }

  /** The alerts of a test whose firing evaluations name fewer series than the test feeds. */
  @SuppressWarnings("unchecked")
  private static List<String> firingServicesLeaveOthersQuiet(Map<String, Object> test) {
    Set<String> services = new LinkedHashSet<>();
    for (Map<String, Object> series : (List<Map<String, Object>>) test.get("input_series")) {
      String name = (String) series.get("series");
      int at = name.indexOf("service=\"");
      if (at >= 0) {
        services.add(name.substring(at + 9, name.indexOf('"', at + 9)));
      }
    }
    List<String> quietFor = new ArrayList<>();
    for (Map<String, Object> eval : (List<Map<String, Object>>) test.get("alert_rule_test")) {
      List<Map<String, Object>> expected = (List<Map<String, Object>>) eval.get("exp_alerts");
      if (expected != null && !expected.isEmpty()) {
        Set<Object> named = new LinkedHashSet<>();
        expected.forEach(
            e -> named.add(((Map<String, Object>) e.get("exp_labels")).get("service")));
        if (!named.containsAll(services)) {
          quietFor.add((String) eval.get("alertname"));
        }
      }
    }
    return quietFor;
  }

  private record Run(int exit, String output) {}

  private static String[] testRules(List<String> files) {
    List<String> args = new ArrayList<>(List.of("test", "rules"));
    args.addAll(files);
    return args.toArray(String[]::new);
  }

  private static Run promtool(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(promtoolBinary());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        throw new AssertionError("promtool " + String.join(" ", args) + " did not end in 90 s");
      }
      return new Run(
          process.exitValue(),
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }

  private static String promtoolBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError(
        "promtool is not on the PATH: run bin/setup, which installs the Debian package prometheus");
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null
        && !Files.isRegularFile(dir.resolve("deploy/prometheus/standby-rules.yml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          "no deploy/prometheus/standby-rules.yml above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
