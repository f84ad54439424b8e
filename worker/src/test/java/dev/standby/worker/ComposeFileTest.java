package dev.standby.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.standby.workflows.StandbySearchAttributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml as Docker Compose itself reads it: bin/compose-check runs compose-go, Compose
 * v2's parser (schema, interpolation, dependencies), and the resolved project is checked for what
 * Standby needs from it.
 */
// The first run on a machine builds the checker (compose-go) with Go: minutes on two busy cores.
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ComposeFileTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  record Checked(int exitCode, String stdout, String stderr) {}

  @TempDir Path dir;

  @Test
  void composeParsesTheFileAndItRunsTemporalAsTemporalDocumentsIt() throws Exception {
    Checked checked = check(repoRoot().resolve("docker-compose.yml"));
    assertThat(checked.exitCode()).as("bin/compose-check:\n%s", checked.stderr()).isZero();
    JsonNode services = YAML.readTree(checked.stdout()).path("services");

    assertThat(services.fieldNames())
        .toIterable()
        .contains(
            "postgresql",
            "temporal-schema",
            "temporal",
            "temporal-setup",
            "temporal-ui",
            "worker",
            "api");
    services.forEach(
        s -> assertThat(s.path("image").asText()).doesNotStartWith("temporalio/auto-setup"));
    assertThat(services.path("temporal").path("image").asText()).startsWith("temporalio/server:");
    assertThat(services.path("temporal-schema").path("image").asText())
        .startsWith("temporalio/admin-tools:");
    assertThat(
            services
                .path("temporal")
                .path("depends_on")
                .path("temporal-schema")
                .path("condition")
                .asText())
        .isEqualTo("service_completed_successfully");
    assertThat(
            services
                .path("temporal-ui")
                .path("environment")
                .path("TEMPORAL_CODEC_ENDPOINT")
                .asText())
        .endsWith("/codec");
    // The server's dynamic config is Standby's file, which turns eager activities on.
    JsonNode dynamicConfig = services.path("temporal").path("volumes").path(0);
    assertThat(dynamicConfig.path("target").asText())
        .isEqualTo(
            services
                .path("temporal")
                .path("environment")
                .path("DYNAMIC_CONFIG_FILE_PATH")
                .asText());
    assertThat(Files.readString(Path.of(dynamicConfig.path("source").asText())))
        .contains("system.enableActivityEagerExecution:\n  - value: true");
    String setup = services.path("temporal-setup").path("command").toString();
    for (String name :
        List.of(
            StandbySearchAttributes.SERVICE.getName(),
            StandbySearchAttributes.KIND.getName(),
            StandbySearchAttributes.SITE.getName())) {
      assertThat(setup).as("the search attributes the setup step creates").contains(name);
    }
    for (String standby : List.of("worker", "api")) {
      assertThat(
              services
                  .path(standby)
                  .path("depends_on")
                  .path("temporal-setup")
                  .path("condition")
                  .asText())
          .as("%s starts after the namespace and search attributes exist", standby)
          .isEqualTo("service_completed_successfully");
    }
  }

  @Test
  void aBrokenFileFailsWithTheParsersMessage() throws Exception {
    String good = Files.readString(repoRoot().resolve("docker-compose.yml"));
    Path broken =
        Files.writeString(
            dir.resolve("docker-compose.yml"),
            good.replace("condition: service_completed_successfully", "condition: when_ready"));

    Checked checked = check(broken);

    assertThat(checked.exitCode()).isEqualTo(1);
    assertThat(checked.stderr()).contains("depends_on").contains("condition value must be one of");
  }

  private static Checked check(Path file) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(repoRoot().resolve("bin").resolve("compose-check").toString());
    command.add(file.toString());
    ProcessBuilder pb = new ProcessBuilder(command);
    // The file requires the user's topology; any path does for parsing.
    pb.environment().put("STANDBY_TOPOLOGY", "/dev/null");
    Path out = Files.createTempFile("compose-check", ".out");
    Path err = Files.createTempFile("compose-check", ".err");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(8, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("bin/compose-check did not finish in 8 minutes");
      }
      return new Checked(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static Path repoRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("bin").resolve("compose-check"))) {
        return p;
      }
    }
    throw new IllegalStateException("no bin/compose-check above " + Path.of("").toAbsolutePath());
  }
}
