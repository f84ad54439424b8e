package dev.standby.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.lab.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What a practice failover may leave on the lab: nothing, as pgrep and the lab's status show. */
final class PracticeLeftovers {
  private PracticeLeftovers() {}

  static void assertNothingLeft(Lab lab) throws Exception {
    Path practice = lab.dir().resolve("practice");
    Process pgrep =
        new ProcessBuilder("pgrep", "-a", "-f", practice.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(pgrep.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String found = new String(pgrep.getInputStream().readAllBytes());
    assertThat(found).as("processes whose command line names %s", practice).isBlank();
    if (Files.isDirectory(practice)) {
      try (var left = Files.list(practice)) {
        assertThat(left.toList()).as("left in %s", practice).isEmpty();
      }
    }
    assertThat(lab.status()).contains("practice: nothing left");
  }
}
