package dev.standby.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The bars of a running run: a failback's bake and a backup's transfers, at a given moment. */
class RunProgressTest {
  private static JsonNode json(String s) throws Exception {
    return ApiClient.JSON.readTree(s.replace('\'', '"'));
  }

  private static JsonNode baking(String state, String bakeEndsAt) throws Exception {
    return json(
        "{'status':'RUNNING','progress':{'targetSite':'site-a','state':'"
            + state
            + "','measurements':["
            + "{'phase':'shift','targetPercent':10,'weightsSetAtMillis':1000,'bakeEndsAtMillis':61000,"
            + "'endedAtMillis':61500,'requests':200,'servedBySite':{'site-a':20,'site-b':180}},"
            + "{'phase':'shift','targetPercent':50,'weightsSetAtMillis':61500,'bakeEndsAtMillis':"
            + bakeEndsAt
            + ",'endedAtMillis':null,'requests':120,'servedBySite':{'site-a':58,'site-b':61},"
            + "'errorsBySite':{'site-a':1}}]}}");
  }

  @Test
  void aBakeShowsTheTimePassedOfItsLengthAndTheReturningSitesShareSoFar() throws Exception {
    assertThat(RunProgress.of(baking("RUNNING", "121500"), 61_500 + 18_400))
        .singleElement()
        .satisfies(
            bake -> {
              assertThat(bake.line())
                  .isEqualTo(
                      "bake    [######..............]  30%  18 s of 60 s; site-a served 49.2% so far");
              assertThat(bake.fraction())
                  .isCloseTo(18.4 / 60, org.assertj.core.data.Offset.offset(1e-9));
            });
  }

  @Test
  void aLongBakeIsInMinutesAndAPausedOneSaysSoAndStaysFullPastItsEnd() throws Exception {
    long fiveMinutes = 61_500 + 300_000;
    assertThat(RunProgress.of(baking("RUNNING", "" + fiveMinutes), 61_500 + 245_000))
        .singleElement()
        .extracting(RunProgress.Item::line)
        .asString()
        .startsWith("bake    [################....]  81%  4:05 of 5:00;");
    assertThat(RunProgress.of(baking("PAUSED", "" + fiveMinutes), fiveMinutes + 90_000))
        .singleElement()
        .extracting(RunProgress.Item::line)
        .asString()
        .startsWith("bake    [####################] 100%  5:00 of 5:00, paused;");
  }

  @Test
  void aClosedRunOrOneWithNothingBakingHasNoBars() throws Exception {
    assertThat(RunProgress.of(json("{'status':'COMPLETED','progress':{}}"), 0)).isEmpty();
    assertThat(
            RunProgress.of(
                json(
                    "{'status':'RUNNING','progress':{'measurements':[{'weightsSetAtMillis':1,"
                        + "'bakeEndsAtMillis':null,'endedAtMillis':null}]}}"),
                0))
        .as("the weights found at the start are set back without a bake")
        .isEmpty();
  }

  @Test
  void uploadsShowBytesOfTheirTotalAndADumpWhatItHasStoredSoFar() throws Exception {
    long now = Instant.parse("2026-12-06T05:00:30Z").toEpochMilli();
    JsonNode backup =
        json(
            "{'status':'RUNNING','activities':["
                + "{'activityType':'BackupCopy','state':'STARTED','attempt':1,"
                + "'lastHeartbeatAt':'2026-12-06T05:00:29Z',"
                + "'heartbeat':{'key':'k','uploadId':'u','bytes':13002342,'target':'s3','totalBytes':32505856}},"
                + "{'activityType':'BackupCopy','state':'STARTED','attempt':2,"
                + "'lastHeartbeatAt':'2026-12-06T05:00:06Z',"
                + "'heartbeat':{'bytes':0,'target':'azure','totalBytes':32505856}},"
                + "{'activityType':'BackupDump','state':'STARTED','attempt':1,"
                + "'heartbeat':{'bytes':5347737,'target':'local','totalBytes':null}},"
                + "{'activityType':'BackupVerify','state':'STARTED','attempt':1,"
                + "'heartbeat':{'target':'gcs','bytes':1536,'totalBytes':2048}},"
                + "{'activityType':'TrafficSampleFrontDoor','heartbeat':'3/40 sampled'}]}");

    assertThat(RunProgress.of(backup, now))
        .extracting(RunProgress.Item::line)
        .containsExactly(
            "upload s3  [#######.............]  39%  12.4 of 31.0 MiB",
            "upload azure  [....................]   0%  0.0 of 31.0 MiB, as of 24 s ago, attempt 2",
            "dump to local  5.1 MiB stored so far (size known at the end)",
            "verify gcs  [###############.....]  75%  1.5 of 2.0 KiB");
  }

  @Test
  void barsAreClampedAndSizesShareTheTotalsUnit() {
    assertThat(ProgressBar.bar(-5, 10)).isEqualTo("[....................]");
    assertThat(ProgressBar.bar(15, 10)).isEqualTo("[####################]");
    assertThat(ProgressBar.bar(1, 0)).isEqualTo("[....................]");
    assertThat(ProgressBar.percent(1, 3)).isEqualTo(" 33%");
    assertThat(ProgressBar.percent(19_900, 20_000)).as("full only when done").isEqualTo(" 99%");
    assertThat(ProgressBar.bar(19_900, 20_000)).isEqualTo("[###################.]");
    assertThat(ProgressBar.bytesOf(512, 3L << 30)).isEqualTo("0.0 of 3.0 GiB");
    assertThat(ProgressBar.bytesOf(700, 900)).isEqualTo("700 of 900 B");
    assertThat(ProgressBar.timeOf(59_999, 59_999)).isEqualTo("59 s of 59 s");
    assertThat(ProgressBar.timeOf(61_000, 3_600_000)).isEqualTo("1:01 of 60:00");
  }
}
