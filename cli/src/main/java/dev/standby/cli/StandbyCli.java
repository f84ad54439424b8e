package dev.standby.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code standby}: the operator's command line over the REST API. Exit codes: 0 done (a watched run
 * COMPLETED), 1 a watched run FAILED, was CANCELED or TERMINATED, or a region plan left services
 * unmoved, 2 usage or connection error, 3 the API refused the request.
 */
@Command(
    name = "standby",
    mixinStandardHelpOptions = true,
    description = "Fail over, fail back, approve and watch Standby runs through its API.",
    subcommands = {
      StandbyCli.Status.class,
      StandbyCli.Failover.class,
      StandbyCli.FailoverRegion.class,
      StandbyCli.Failback.class,
      StandbyCli.Approve.class,
      StandbyCli.Reject.class,
      StandbyCli.Abort.class,
      StandbyCli.Runs.class,
      StandbyCli.Watch.class,
      StandbyCli.Drill.class,
      StandbyCli.Backup.class,
      StandbyCli.RestoreVerify.class,
      StandbyCli.Completion.class
    })
public class StandbyCli {
  public static final int REFUSED = 3;
  public static final int USAGE = 2;

  @Option(
      names = "--url",
      scope = CommandLine.ScopeType.INHERIT,
      description = "API URL (env STANDBY_URL; default " + CliConfig.DEFAULT_URL + ")")
  String url;

  @Option(
      names = "--token",
      scope = CommandLine.ScopeType.INHERIT,
      description = "bearer token (env STANDBY_TOKEN)")
  String token;

  @Option(
      names = "--config",
      scope = CommandLine.ScopeType.INHERIT,
      description = "config file of url= and token= lines")
  Path configFile;

  @Option(
      names = "--output",
      scope = CommandLine.ScopeType.INHERIT,
      description = "text or json",
      defaultValue = "text")
  String output;

  Map<String, String> env = System.getenv();
  PrintStream out = System.out;
  PrintStream err = System.err;
  boolean terminal;
  LongSupplier clock = System::currentTimeMillis;

  public static void main(String[] args) {
    // Bars are redrawn in place only on a terminal that understands cursor movement.
    boolean terminal = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    System.exit(
        run(args, System.out, System.err, System.getenv(), terminal, System::currentTimeMillis));
  }

  /** The whole CLI, for tests as for main: its output on {@code out}, errors on {@code err}. */
  public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    return run(args, out, err, env, false, System::currentTimeMillis);
  }

  /**
   * @param terminal {@code out} is a terminal, where progress bars are redrawn in place
   * @param clock now in epoch millis, for how far a bake has come
   */
  public static int run(
      String[] args,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      boolean terminal,
      LongSupplier clock) {
    StandbyCli root = new StandbyCli();
    root.env = env;
    root.out = out;
    root.err = err;
    root.terminal = terminal;
    root.clock = clock;
    CommandLine cli = new CommandLine(root);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExitCodeExceptionMapper(e -> e instanceof ApiException ? REFUSED : USAGE);
    cli.setExecutionExceptionHandler(
        (e, c, parsed) -> {
          c.getErr().println("standby: " + e.getMessage());
          return c.getExitCodeExceptionMapper().getExitCode(e);
        });
    return cli.execute(args);
  }

  CliConfig config() {
    return CliConfig.resolve(
        url, token, env, configFile != null ? configFile : CliConfig.defaultFile(env));
  }

  ApiClient api() {
    return new ApiClient(config());
  }

  boolean json() {
    return "json".equalsIgnoreCase(output);
  }

  RunWatcher watcher(ApiClient api) {
    return new RunWatcher(api, out, err, json(), terminal, clock);
  }

  int print(JsonNode node, String text) {
    out.println(json() ? node.toPrettyString() : text);
    return 0;
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  abstract static class Sub implements Callable<Integer> {
    @ParentCommand StandbyCli root;

    // The parsed command line, so that a usage error here prints where the CLI's errors go.
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /**
     * A run id: {@code failover/payments}; a bare kind or service is this command's usage error.
     */
    String runId(String run) {
      if (!run.matches("[a-z][a-z0-9-]*/.+")) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "a run is kind/service, e.g. failover/payments: " + run);
      }
      return run;
    }
  }

  abstract static class Following extends Sub {
    @Option(names = "--no-watch", description = "start the run and return")
    boolean noWatch;

    @Option(
        names = "--timeout",
        description = "how long to follow the run (default PT30M)",
        defaultValue = "PT30M")
    Duration timeout;

    int startAndFollow(ApiClient api, String path, Map<String, Object> body) throws Exception {
      JsonNode ref = api.post(path, body);
      String id = ref.path("workflowId").asText();
      if (noWatch) {
        return root.print(ref, "started " + id + " " + ref.path("uiUrl").asText(""));
      }
      if (!root.json()) {
        root.out.println("started " + id);
      }
      return root.watcher(api).watch(id, timeout);
    }
  }

  @Command(
      name = "status",
      description =
          "every service's primary, protection and running operation; with a service, all of its"
              + " state: sites, operation with its link, recent history")
  static class Status extends Sub {
    @Parameters(arity = "0..1", paramLabel = "service")
    String service;

    @Override
    public Integer call() {
      if (service == null) {
        JsonNode services = root.api().get("/services");
        return root.print(services, ServiceText.table(services));
      }
      JsonNode state = root.api().get("/services/" + q(service));
      return root.print(state, ServiceText.detail(state));
    }
  }

  @Command(name = "runs", description = "runs of every kind, newest first")
  static class Runs extends Sub {
    @Option(names = "--service")
    String service;

    @Option(names = "--kind")
    String kind;

    @Override
    public Integer call() {
      StringBuilder query = new StringBuilder();
      if (service != null) query.append("&service=").append(q(service));
      if (kind != null) query.append("&kind=").append(q(kind));
      String path = "/runs" + (query.length() == 0 ? "" : "?" + query.substring(1));
      JsonNode runs = root.api().get(path);
      return root.print(runs, table(runs));
    }

    static String table(JsonNode runs) {
      StringBuilder t =
          new StringBuilder(
              String.format("%-28s %-10s %-10s %s", "RUN", "STATUS", "SITE", "STARTED"));
      for (JsonNode r : runs) {
        t.append(
            String.format(
                "%n%-28s %-10s %-10s %s",
                r.path("workflowId").asText(),
                r.path("status").asText(),
                r.path("site").asText("-"),
                r.path("startedAt").asText("")));
      }
      return t.toString();
    }
  }

  @Command(name = "failover", description = "fail a service over to its standby site and follow it")
  static class Failover extends Following {
    @Parameters(paramLabel = "service")
    String service;

    @Option(names = "--to", paramLabel = "SITE", description = "target site")
    String to;

    @Option(names = "--planned", description = "planned (default)")
    boolean planned;

    @Option(names = "--unplanned", description = "unplanned: the source is down")
    boolean unplanned;

    @Option(names = "--reason")
    String reason;

    @Option(
        names = "--approval",
        arity = "0..1",
        fallbackValue = "",
        paramLabel = "TIMEOUTS",
        description =
            "wait for an approver after the checks, before fencing and promoting: alone, the"
                + " service's (or default) escalation levels; with up to 3 comma-separated level"
                + " timeouts (90s, 15m, 1h or seconds), those levels")
    String approval;

    @Option(
        names = "--on-approval-timeout",
        paramLabel = "ACTION",
        description = "after the last level: KEEP_WAITING (default), PROCEED or ABORT")
    String onApprovalTimeout;

    @Override
    public Integer call() throws Exception {
      if (planned && unplanned) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--planned and --unplanned exclude each other");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("service", service);
      if (to != null) body.put("targetSite", to);
      body.put("mode", unplanned ? "UNPLANNED" : "PLANNED");
      if (reason != null) body.put("reason", reason);
      if (approval != null || onApprovalTimeout != null) {
        body.put("approval", ApprovalOption.body(spec.commandLine(), approval, onApprovalTimeout));
      }
      return startAndFollow(root.api(), "/failovers", body);
    }
  }

  @Command(
      name = "failover-region",
      description =
          "fail over every service whose primary is at a site, in its region plan's groups, and"
              + " follow it")
  static class FailoverRegion extends Following {
    @Parameters(paramLabel = "site")
    String site;

    @Option(names = "--unplanned", description = "unplanned (default): the site is down")
    boolean unplanned;

    @Option(names = "--planned", description = "planned: every old primary is alive")
    boolean planned;

    @Option(names = "--reason")
    String reason;

    @Option(
        names = "--on-service-failure",
        paramLabel = "POLICY",
        description =
            "continue, stop-after-group or stop once a service did not fail over (default the"
                + " plan's)")
    String onServiceFailure;

    @Option(
        names = "--approval",
        paramLabel = "TIMEOUTS",
        description =
            "up to 3 comma-separated escalation level timeouts (90s, 15m, 1h or seconds) of the"
                + " approvals the plan's groups wait for (default the first service's levels)")
    String approval;

    @Option(
        names = "--on-approval-timeout",
        paramLabel = "ACTION",
        description = "after the last level: KEEP_WAITING (default), PROCEED or ABORT")
    String onApprovalTimeout;

    @Override
    public Integer call() throws Exception {
      if (planned && unplanned) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--planned and --unplanned exclude each other");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("site", site);
      body.put("mode", planned ? "PLANNED" : "UNPLANNED");
      if (reason != null) body.put("reason", reason);
      if (onServiceFailure != null) body.put("onServiceFailure", onServiceFailure);
      if (approval != null || onApprovalTimeout != null) {
        body.put("approval", ApprovalOption.body(spec.commandLine(), approval, onApprovalTimeout));
      }
      return startAndFollow(root.api(), "/region-failovers", body);
    }
  }

  @Command(name = "failback", description = "bring a service home in traffic steps and follow it")
  static class Failback extends Following {
    @Parameters(paramLabel = "service")
    String service;

    @Option(names = "--steps", split = ",", paramLabel = "PERCENT")
    List<Integer> steps;

    @Option(names = "--to", paramLabel = "SITE")
    String to;

    @Option(
        names = "--bake",
        paramLabel = "TIME",
        description = "how long each step bakes (90s, 5m or seconds); default the topology's")
    String bake;

    @Option(names = "--reason")
    String reason;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("service", service);
      if (steps != null) body.put("steps", steps);
      if (bake != null) {
        body.put("bakeSeconds", ApprovalOption.seconds(spec.commandLine(), "--bake", bake));
      }
      if (to != null) body.put("targetSite", to);
      if (reason != null) body.put("reason", reason);
      return startAndFollow(root.api(), "/failbacks", body);
    }
  }

  abstract static class Answer extends Sub {
    @Parameters(paramLabel = "run", description = "e.g. failover/payments")
    String run;

    @Option(names = "--step")
    String step;

    @Option(names = "--comment")
    String comment;

    int answer(String verb) {
      Map<String, Object> body = new LinkedHashMap<>();
      if (step != null) body.put("step", step);
      if (comment != null) body.put("comment", comment);
      JsonNode sent = root.api().post("/runs/" + runId(run) + "/" + verb, body);
      return root.print(sent, verb + "d " + sent.path("step").asText() + " of " + run);
    }
  }

  @Command(name = "approve", description = "approve the step a run waits for")
  static class Approve extends Answer {
    @Override
    public Integer call() {
      return answer("approve");
    }
  }

  @Command(name = "reject", description = "reject the step a run waits for")
  static class Reject extends Answer {
    @Override
    public Integer call() {
      return answer("reject");
    }
  }

  @Command(
      name = "abort",
      description =
          "abort a run: its abort signal where it has one (a failback steps its traffic back down),"
              + " else a cancellation (a region plan starts nothing more; its running failovers"
              + " finish)")
  static class Abort extends Sub {
    @Parameters(paramLabel = "run", description = "e.g. failback/payments, region/site-a")
    String run;

    @Override
    public Integer call() {
      JsonNode sent = root.api().post("/runs/" + runId(run) + "/abort", Map.of());
      return root.print(
          sent,
          "abort sent to "
              + run
              + " ("
              + ("signal".equals(sent.path("via").asText()) ? "its abort signal" : "a cancellation")
              + "); see how it ends: standby watch "
              + run);
    }
  }

  @Command(name = "watch", description = "follow a run until it ends; the exit code says how")
  static class Watch extends Sub {
    @Parameters(paramLabel = "run", description = "e.g. failback/payments")
    String run;

    @Option(names = "--timeout", defaultValue = "PT30M")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
      return root.watcher(root.api()).watch(runId(run), timeout, true);
    }
  }

  @Command(name = "completion", description = "print the bash completion script")
  static class Completion extends Sub {
    @Override
    public Integer call() {
      root.out.println(AutoComplete.bash("standby", new CommandLine(new StandbyCli())));
      return 0;
    }
  }

  @Command(name = "drill", description = "run a DR drill of a service now and follow it")
  static class Drill extends Following {
    @Parameters(paramLabel = "service")
    String service;

    @Option(
        names = "--type",
        required = true,
        description =
            "TABLETOP, SIMULATED, CHAOS or PRACTICE (a clone and an isolated app; production untouched)")
    String type;

    @Option(
        names = "--fault",
        description = "CHAOS only: KILL_DB, STOP_APP, FAIL_HEALTH, ADD_LATENCY")
    String fault;

    @Option(names = "--reason")
    String reason;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("service", service);
      body.put("type", type.toUpperCase(java.util.Locale.ROOT));
      if (fault != null) body.put("fault", fault);
      if (reason != null) body.put("reason", reason);
      return startAndFollow(root.api(), "/drills", body);
    }
  }

  @Command(name = "backup", description = "back a service up now to every target and follow it")
  static class Backup extends Following {
    @Parameters(paramLabel = "service")
    String service;

    @Override
    public Integer call() throws Exception {
      return startAndFollow(root.api(), "/backups", Map.of("service", service));
    }
  }

  @Command(
      name = "restore-verify",
      description = "restore the newest backup into a scratch database and check it")
  static class RestoreVerify extends Following {
    @Parameters(paramLabel = "service")
    String service;

    @Option(names = "--backup-id")
    String backupId;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("service", service);
      if (backupId != null) body.put("backupId", backupId);
      return startAndFollow(root.api(), "/restores", body);
    }
  }
}
