package dev.standby.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class RunMeasuresTest {
  private static JsonNode json(String s) throws Exception {
    return ApiClient.JSON.readTree(s.replace('\'', '"'));
  }

  @Test
  void aFailbacksSwitchoverShowsHowLongNoDatabaseTookWritesBeforeItsRpo() throws Exception {
    JsonNode result =
        json(
            "{'outcome':'COMPLETED','switchover':{'zeroLossProven':true,"
                + "'summary':'none: site-a replayed to 0/304A0A8, past the final LSN of site-b'},"
                + "'steps':["
                + "{'name':'shift-100%','startedAtMillis':1000,'endedAtMillis':21000},"
                + "{'name':'fence-primary','startedAtMillis':21000,'endedAtMillis':21217},"
                + "{'name':'await-replay','startedAtMillis':21217,'endedAtMillis':21287},"
                + "{'name':'promote-site-a','startedAtMillis':21287,'endedAtMillis':21489},"
                + "{'name':'reseed-site-b','startedAtMillis':21489,'endedAtMillis':21886}]}");

    assertThat(RunMeasures.of(result))
        .containsExactly(
            "RTO (switchover) 489 ms: no database took writes from fence-primary to the end of"
                + " promote-site-a",
            "RPO 0, proven (switchover): site-a replayed to 0/304A0A8, past the final LSN of"
                + " site-b");
  }

  @Test
  void aSwitchoverThatNeverPromotedHasNoRto() throws Exception {
    JsonNode result =
        json(
            "{'steps':[{'name':'fence-primary','startedAtMillis':1,'endedAtMillis':2},"
                + "{'name':'promote-site-a','startedAtMillis':2,'status':'FAILED'}]}");

    assertThat(RunMeasures.writePause(result)).isEmpty();
  }
}
