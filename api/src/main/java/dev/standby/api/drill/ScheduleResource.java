package dev.standby.api.drill;

import dev.standby.api.auth.Role;
import dev.standby.api.errors.ApiException;
import dev.standby.model.Failures;
import dev.standby.model.drill.DrillRequest;
import dev.standby.model.drill.DrillType;
import dev.standby.workflows.StandbySchedules;
import dev.standby.workflows.WorkflowIds;
import dev.standby.workflows.drill.DrillSchedules;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleSpec;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/** Temporal Schedules that run drills: create (or update), list, pause, unpause and trigger. */
@Path("/schedules")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ScheduleResource {
  private static final String PREFIX = "drill-";
  private final ScheduleClient schedules;
  private final String taskQueue;

  public ScheduleResource(ScheduleClient schedules, String taskQueue) {
    this.schedules = schedules;
    this.taskQueue = taskQueue;
  }

  /**
   * 201 with the schedule when it is new, 200 when an existing one got the new spec (its pause
   * state kept).
   */
  @POST
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response create(@NotNull @Valid CreateSchedule body) {
    if (body.type() == DrillType.TABLETOP) {
      throw new ApiException(422, "type: a tabletop drill needs people, it is never scheduled");
    }
    DrillRequest request =
        DrillRequest.scheduled(body.service(), body.type(), body.fault(), body.cron());
    DrillResource.refuseIfInvalid(request);
    String id = WorkflowIds.drillSchedule(body.service());
    String note =
        body.note() != null
            ? body.note()
            : body.type().name().toLowerCase(Locale.ROOT) + " drill, " + body.cron();
    StandbySchedules.Change change;
    try {
      change =
          DrillSchedules.upsert(
              schedules,
              id,
              DrillSchedules.schedule(request, body.cron(), taskQueue, null, note),
              body.service(),
              null);
    } catch (RuntimeException e) {
      String why = String.valueOf(Failures.rootCause(e).getMessage());
      if (why.contains("invalid") || why.contains("Invalid")) {
        throw new ApiException(422, "cron: Temporal refused '" + body.cron() + "': " + why);
      }
      throw e;
    }
    DrillScheduleView view = view(id);
    return (change == StandbySchedules.Change.CREATED
            ? Response.created(URI.create("schedules/" + id))
            : Response.ok())
        .entity(view)
        .build();
  }

  @GET
  @RolesAllowed(Role.VIEWER_NAME)
  public List<DrillScheduleView> list() {
    return schedules
        .listSchedules()
        .map(ScheduleListDescription::getScheduleId)
        .filter(id -> id.startsWith(PREFIX))
        .sorted()
        .map(this::view)
        .toList();
  }

  @POST
  @Path("{id}/pause")
  @RolesAllowed(Role.OPERATOR_NAME)
  public DrillScheduleView pause(@PathParam("id") String id) {
    handle(id).pause("paused through the API");
    return view(id);
  }

  @POST
  @Path("{id}/unpause")
  @RolesAllowed(Role.OPERATOR_NAME)
  public DrillScheduleView unpause(@PathParam("id") String id) {
    handle(id).unpause("unpaused through the API");
    return view(id);
  }

  /**
   * Starts the schedule's drill now; skipped like any other firing while a drill of the service
   * runs.
   */
  @POST
  @Path("{id}/trigger")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response trigger(@PathParam("id") String id) {
    handle(id).trigger();
    return Response.accepted(view(id)).build();
  }

  private ScheduleHandle handle(String id) {
    describe(id);
    return schedules.getHandle(id);
  }

  private ScheduleDescription describe(String id) {
    if (!id.startsWith(PREFIX)) {
      throw ApiException.notFound(
          "no drill schedule '" + id + "' (drill schedules are named drill-<service>)");
    }
    try {
      return schedules.getHandle(id).describe();
    } catch (RuntimeException e) {
      // The dev server answers a describe of an unknown schedule slowly (past the API's deadline)
      // rather than NOT_FOUND.
      if (notFound(e) || schedules.listSchedules().noneMatch(s -> s.getScheduleId().equals(id))) {
        throw ApiException.notFound("no drill schedule '" + id + "'");
      }
      throw e;
    }
  }

  private DrillScheduleView view(String id) {
    ScheduleDescription d = describe(id);
    String service = id.substring(PREFIX.length());
    List<String> recent =
        d.getInfo().getRecentActions().stream()
            .map(
                a ->
                    a.getAction()
                            instanceof
                            io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow w
                        ? w.getWorkflowId()
                        : String.valueOf(a.getAction()))
            .toList();
    List<String> cron = cron(d.getSchedule().getSpec());
    if (!(d.getSchedule().getAction() instanceof ScheduleActionStartWorkflow)) {
      throw ApiException.notFound("schedule '" + id + "' does not start a drill");
    }
    return new DrillScheduleView(
        id,
        service,
        cron,
        d.getSchedule().getState().isPaused(),
        d.getSchedule().getState().getNote(),
        d.getInfo().getNextActionTimes(),
        recent,
        d.getInfo().getNumActions());
  }

  /**
   * The schedule's times as they were written: Temporal turns a cron string into a calendar
   * (keeping the string as its comment) and {@code @every} into an interval.
   */
  private static List<String> cron(ScheduleSpec spec) {
    List<String> out = new java.util.ArrayList<>();
    if (spec.getCronExpressions() != null) {
      out.addAll(spec.getCronExpressions());
    }
    if (spec.getCalendars() != null) {
      spec.getCalendars()
          .forEach(
              c ->
                  out.add(
                      c.getComment() != null && !c.getComment().isBlank()
                          ? c.getComment()
                          : field(c.getMinutes(), 0, 59)
                              + " "
                              + field(c.getHour(), 0, 23)
                              + " "
                              + field(c.getDayOfMonth(), 1, 31)
                              + " "
                              + field(c.getMonth(), 1, 12)
                              + " "
                              + field(c.getDayOfWeek(), 0, 6)));
    }
    if (spec.getIntervals() != null) {
      spec.getIntervals()
          .forEach(
              i ->
                  out.add(
                      "@every " + i.getEvery().toString().substring(2).toLowerCase(Locale.ROOT)));
    }
    return out;
  }

  /**
   * One cron field from a calendar's ranges: {@code *} for the whole range, else {@code 3}, {@code
   * 1-5}, {@code 0-59/15}.
   */
  private static String field(
      List<io.temporal.client.schedules.ScheduleRange> ranges, int min, int max) {
    if (ranges == null || ranges.isEmpty()) {
      return "*";
    }
    List<String> parts = new java.util.ArrayList<>();
    for (io.temporal.client.schedules.ScheduleRange r : ranges) {
      int end = Math.max(r.getStart(), r.getEnd());
      int step = Math.max(1, r.getStep());
      if (r.getStart() <= min && end >= max && step == 1) {
        return "*";
      }
      parts.add(
          r.getStart() == end
              ? String.valueOf(r.getStart())
              : r.getStart() + "-" + end + (step > 1 ? "/" + step : ""));
    }
    return String.join(",", parts);
  }

  private static boolean notFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof io.grpc.StatusRuntimeException grpc
          && grpc.getStatus().getCode() == io.grpc.Status.Code.NOT_FOUND) {
        return true;
      }
      if (t.getMessage() != null && t.getMessage().toLowerCase(Locale.ROOT).contains("not found")) {
        return true;
      }
    }
    return false;
  }
}
