package dev.standby.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigTest {
  @TempDir Path dir;

  @Test
  void flagsWinOverEnvironmentWhichWinsOverTheFile() throws Exception {
    Path file =
        Files.writeString(dir.resolve("config"), "# mine\nurl=http://file:1\ntoken=file-token\n");
    Map<String, String> env = Map.of("STANDBY_URL", "http://env:2", "STANDBY_TOKEN", "env-token");

    assertThat(CliConfig.resolve("http://flag:3/", "flag-token", env, file))
        .isEqualTo(new CliConfig("http://flag:3", "flag-token"));
    assertThat(CliConfig.resolve(null, null, env, file))
        .isEqualTo(new CliConfig("http://env:2", "env-token"));
    assertThat(CliConfig.resolve(null, null, Map.of(), file))
        .isEqualTo(new CliConfig("http://file:1", "file-token"));
  }

  @Test
  void withoutAnythingTheUrlIsTheLocalApiAndThereIsNoToken() {
    assertThat(CliConfig.resolve(null, null, Map.of(), dir.resolve("absent")))
        .isEqualTo(new CliConfig("http://127.0.0.1:8080", null));
  }

  @Test
  void theDefaultFileIsUnderXdgConfigHome() {
    assertThat(CliConfig.defaultFile(Map.of("XDG_CONFIG_HOME", "/x")))
        .isEqualTo(Path.of("/x/standby/config"));
  }
}
