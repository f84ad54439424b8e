package dev.standby.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveLinesTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream raw = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private static RunProgress.Item bake(double fraction) {
    return new RunProgress.Item("bake", "bake " + Math.round(fraction * 100) + "%", fraction);
  }

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onATerminalBarsAreRedrawnInPlaceAndErasedBeforeAnyOtherLine() {
    LiveLines live = new LiveLines(raw, true);

    live.show(List.of(bake(0.1), new RunProgress.Item("up", "upload s3", 0.5)));
    live.show(List.of(bake(0.2), new RunProgress.Item("up", "upload s3", 0.6)));
    live.lines().println("  measured: ...");
    live.show(List.of());
    live.lines().println("  COMPLETED shift-10% (60 s)");

    String up2 = "\033[2A\r\033[J";
    assertThat(printed())
        .isEqualTo(
            "  bake 10%\n  upload s3\n"
                + up2
                + "  bake 20%\n  upload s3\n"
                + up2
                + "  measured: ...\n"
                + "  COMPLETED shift-10% (60 s)\n");
  }

  @Test
  void elsewhereEachBarIsAPlainLineWhenItAppearsAndAsItPassesEachQuarter() {
    LiveLines live = new LiveLines(raw, false);

    for (double f : new double[] {0.05, 0.1, 0.2, 0.26, 0.3, 0.55, 0.8, 0.9, 1.0}) {
      live.show(List.of(bake(f)));
    }
    live.show(List.of(new RunProgress.Item("dump", "dump to local 1 MiB", -1)));
    live.show(List.of(new RunProgress.Item("dump", "dump to local 9 MiB", -1)));

    assertThat(printed().lines())
        .containsExactly(
            "  bake 5%",
            "  bake 26%", "  bake 55%", "  bake 80%", "  bake 100%", "  dump to local 1 MiB");
    assertThat(printed()).doesNotContain("\033");
  }
}
