package dev.standby.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of topology error names {@code file:line:column: field.path}, in the runbooks' format,
 * so an editor jumps to it. Lines and columns below are counted in {@link #GOOD}; each test breaks
 * one thing.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TopologyErrorPositionsTest {
  static final String GOOD =
      """
      sites:
        site-a: {provider: lab}
        site-b: {provider: lab}
      services:
        payments:
          primarySite: site-a
          objectives: {rto: 30s, rpo: 5s}
          traffic: {provider: haproxy, admin: "127.0.0.1:18099", group: be, frontDoor: "http://127.0.0.1:18080"}
          sites:
            site-a:
              app: "http://127.0.0.1:18081"
              database: {url: "jdbc:postgresql://127.0.0.1:15432/orders"}
            site-b:
              app: "http://127.0.0.1:18082"
              database: {url: "jdbc:postgresql://127.0.0.1:15433/orders"}
      """;

  @TempDir Path dir;

  @Test
  void theGoodFileLoads() throws IOException {
    assertThat(TopologyLoader.load(write(GOOD)).service("payments").primarySite())
        .isEqualTo("site-a");
  }

  @Test
  void anUnknownFieldIsReportedAtItsKeyWithTheKnownOnes() throws IOException {
    Path file = write(GOOD.replace("{rto: 30s, rpo: 5s}", "{rto: 30s, rpo: 5s, rtp: 1m}"));

    assertThat(problems(file))
        .containsExactly(
            file + ":7:37: services.payments.objectives.rtp: unknown field (known: rpo, rto)");
  }

  @Test
  void aMissingRequiredFieldIsReportedAtTheBlockThatLacksIt() throws IOException {
    Path file = write(GOOD.replace("    primarySite: site-a\n", ""));

    assertThat(problems(file))
        .containsExactly(file + ":6:5: services.payments.primarySite: is required");
  }

  @Test
  void aValueOfTheWrongShapeIsReportedAtTheValue() throws IOException {
    Path file =
        write(
            GOOD.replace("primarySite: site-a", "primarySite: [site-a, site-b]")
                .replace("    sites:\n", "    health: fast\n    sites:\n"));

    assertThat(problems(file))
        .containsExactly(
            file + ":6:18: services.payments.primarySite: must be a single value",
            file + ":9:13: services.payments.health: must be a mapping");
  }

  @Test
  void aBadDurationIsReportedAtTheValueWithTheFormat() throws IOException {
    Path file = write(GOOD.replace("rto: 30s", "rto: 30 seconds"));

    assertThat(problems(file))
        .containsExactly(
            file
                + ":7:23: services.payments.objectives.rto: '30 seconds' is not a "
                + "duration (use e.g. 500ms, 30s, 5m, 4h, 1d)");
  }

  @Test
  void anUnknownSiteIsReportedAtItsNameWithTheDeclaredOnes() throws IOException {
    Path file = write(GOOD.replace("      site-b:\n        app", "      site-c:\n        app"));

    assertThat(problems(file))
        .containsExactly(
            file
                + ":13:7: services.payments.sites.site-c: unknown site 'site-c' (declared sites: site-a, site-b)");
  }

  @Test
  void aStoreNamedWithTheRetiredWordsIsToldTheWordToUse() throws IOException {
    Path file =
        write(
            GOOD.replace(
                "    sites:\n",
                """
            backup:
              keyId: k
              keyEnv: KEY
              targets:
                disk: {kind: filesystem, path: /backups}
                s3: {provider: local, bucket: b}
                gcs: {provider: gcs, bucket: b}
            sites:
        """));

    assertThat(problems(file))
        .contains(
            file
                + ":13:16: services.payments.backup.targets.disk.kind: 'kind' is no longer a field: name the store with "
                + "'provider' (filesystem, s3, gcs, azure), as object sync does",
            file
                + ":14:24: services.payments.backup.targets.s3.provider: 'local' is no longer a store provider: use "
                + "'filesystem'");
  }

  @Test
  void theExceptionsMessageListsEveryProblemWithItsPosition() throws IOException {
    Path file =
        write(
            GOOD.replace("rto: 30s", "rto: 30 seconds")
                .replace("      site-b:\n        app", "      site-c:\n        app"));

    TopologyException e =
        catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(file));

    assertThat(e.getMessage())
        .isEqualTo(
            "invalid topology "
                + file
                + ":\n"
                + "  - "
                + file
                + ":7:23: services.payments.objectives.rto: '30 seconds' is not a duration (use e.g. 500ms, "
                + "30s, 5m, 4h, 1d)\n"
                + "  - "
                + file
                + ":13:7: services.payments.sites.site-c: unknown site 'site-c' (declared sites: site-a, site-b)");
  }

  private static java.util.List<String> problems(Path file) {
    return catchThrowableOfType(TopologyException.class, () -> TopologyLoader.load(file))
        .problems();
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("topology.yaml"), yaml);
  }
}
