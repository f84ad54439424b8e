package dev.standby.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StepPrinterTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final StepPrinter printer =
      new StepPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8));

  private static JsonNode json(String s) throws Exception {
    return ApiClient.JSON.readTree(s.replace('\'', '"'));
  }

  @Test
  void eachStepIsPrintedOnceAsItStartsAndOnceAsItEndsHoweverOftenTheRunIsPolled() throws Exception {
    JsonNode running =
        json(
            "{'status':'RUNNING','progress':{'timeline':["
                + "{'name':'check-target','status':'COMPLETED','startedAtMillis':1000,'endedAtMillis':1250,'detail':'lag 0 B'},"
                + "{'name':'fence-source','status':'RUNNING','startedAtMillis':1250}]}}");
    JsonNode done =
        json(
            "{'status':'COMPLETED','result':{'steps':["
                + "{'name':'check-target','status':'COMPLETED','startedAtMillis':1000,'endedAtMillis':1250,'detail':'lag 0 B'},"
                + "{'name':'fence-source','status':'COMPLETED','startedAtMillis':1250,'endedAtMillis':3750}]}}");

    printer.print(running);
    printer.print(running);
    printer.print(done);

    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "> check-target",
            "  COMPLETED check-target (250 ms): lag 0 B",
            "> fence-source",
            "  COMPLETED fence-source (2.5 s)");
  }

  @Test
  void aWatchedRunsStartIsShownToTheSecondInUtc() {
    assertThat(RunWatcher.utcSeconds("2026-12-06T05:01:08.022757618Z"))
        .isEqualTo("2026-12-06 05:01:08 UTC");
    assertThat(RunWatcher.utcSeconds("")).isEmpty();
  }

  @Test
  void longDurationsAreInMinutes() {
    assertThat(StepPrinter.duration(125_000)).isEqualTo("2 min 5 s");
  }
}
