package dev.standby.api.drill;

import static dev.standby.api.ApiTestApp.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.standby.api.ApiTestApp;
import dev.standby.lab.Lab;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drill schedules through the API against the lab's Temporal dev server (the in-memory test server
 * has no Schedules): create, update keeping a pause, list, pause, unpause, trigger; unknown ones
 * are 404.
 */
class ScheduleApiTest {
  private static final Lab lab = Lab.start("schedule-api", true);
  @RegisterExtension static final ApiTestApp api = ApiTestApp.against(lab::temporalTarget);

  @AfterAll
  static void stopLab() {
    lab.close();
  }

  @Test
  void createListPauseUpdateUnpauseAndTrigger() {
    Response created =
        api.post(
            "/schedules",
            "{\"service\":\"payments\",\"cron\":\"0 3 1 * *\",\"type\":\"CHAOS\",\"fault\":\"KILL_DB\"}");
    assertThat(created.getStatus()).isEqualTo(201);
    JsonNode schedule = json(created);
    assertThat(schedule.path("id").asText()).isEqualTo("drill-payments");
    assertThat(schedule.path("cron").get(0).asText()).isEqualTo("0 3 1 * *");
    assertThat(schedule.path("paused").asBoolean()).isFalse();
    assertThat(schedule.path("nextRuns").size()).isPositive();

    JsonNode paused = json(api.post("/schedules/drill-payments/pause", ""));
    assertThat(paused.path("paused").asBoolean()).isTrue();

    Response updated =
        api.post(
            "/schedules",
            "{\"service\":\"payments\",\"cron\":\"0 4 * * 1\",\"type\":\"SIMULATED\"}");
    assertThat(updated.getStatus()).isEqualTo(200);
    JsonNode after = json(updated);
    assertThat(after.path("cron").get(0).asText()).isEqualTo("0 4 * * 1");
    assertThat(after.path("paused").asBoolean())
        .as("an update keeps the operator's pause")
        .isTrue();

    JsonNode listed = json(api.request("/schedules", ApiTestApp.VIEWER).get());
    assertThat(listed.isArray()).isTrue();
    assertThat(listed.findValuesAsText("id")).contains("drill-payments");

    assertThat(json(api.post("/schedules/drill-payments/unpause", "")).path("paused").asBoolean())
        .isFalse();
    Response triggered = api.post("/schedules/drill-payments/trigger", "");
    assertThat(triggered.getStatus()).isEqualTo(202);
    // The drill it started: no worker runs here, so it waits on the task queue, listed as the
    // schedule's run.
    JsonNode seen =
        api.awaitJson(
            "/schedules",
            list ->
                list.findValuesAsText("recentRuns").size() > 0
                    || list.get(0).path("recentRuns").size() > 0);
    assertThat(seen.get(0).path("recentRuns").get(0).asText()).startsWith("drill/payments-");
  }

  @Test
  void refusalsSayWhatIsWrong() {
    Response unknown = api.post("/schedules/drill-nothing/pause", "");
    assertThat(unknown.getStatus()).isEqualTo(404);
    assertThat(json(unknown).path("error").asText()).isEqualTo("no drill schedule 'drill-nothing'");

    Response tabletop =
        api.post(
            "/schedules",
            "{\"service\":\"payments\",\"cron\":\"0 3 1 * *\",\"type\":\"TABLETOP\"}");
    assertThat(tabletop.getStatus()).isEqualTo(422);
    assertThat(json(tabletop).path("error").asText())
        .isEqualTo("type: a tabletop drill needs people, it is never scheduled");

    Response badCron =
        api.post(
            "/schedules",
            "{\"service\":\"payments\",\"cron\":\"every day\",\"type\":\"SIMULATED\"}");
    assertThat(badCron.getStatus()).isEqualTo(422);
    assertThat(json(badCron).path("error").asText()).contains("cron");

    Response viewer = api.post("/schedules/drill-payments/trigger", "", ApiTestApp.VIEWER);
    assertThat(viewer.getStatus()).isEqualTo(403);
  }
}
