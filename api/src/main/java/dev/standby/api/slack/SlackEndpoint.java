package dev.standby.api.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jakarta_servlet.SlackAppServlet;
import dev.standby.api.runs.RunApprovals;
import dev.standby.api.runs.WorkflowRuns;
import dev.standby.model.approval.ApprovalButton;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bolt mounted at {@code /slack/events}: button clicks and the {@code /standby} command. Bolt
 * verifies each request's signature and timestamp (5 minutes) before any handler runs and answers
 * 401 otherwise. No bot token is given: answers go through each interaction's response URL, and the
 * worker does the posting.
 */
public final class SlackEndpoint {
  public static final String PATH = "/slack/events";
  private static final Logger log = LoggerFactory.getLogger(SlackEndpoint.class);

  private SlackEndpoint() {}

  /**
   * Mounts the endpoint, unless no signing secret is set: then Slack is off, and the log says so.
   */
  public static void mount(
      SlackFactory config, Environment environment, WorkflowRuns runs, RunApprovals approvals) {
    String secret = config.signingSecret(System::getenv);
    if (secret == null) {
      log.info(
          "Slack is off: {} is not set, so {} is not served", config.getSigningSecretEnv(), PATH);
      return;
    }
    ExecutorService executor =
        environment.lifecycle().executorService("slack-%d").minThreads(2).maxThreads(2).build();
    App app = app(secret, config, runs, approvals, executor);
    environment.servlets().addServlet("slack", new SlackAppServlet(app)).addMapping(PATH);
  }

  static App app(
      String signingSecret,
      SlackFactory config,
      WorkflowRuns runs,
      RunApprovals approvals,
      ExecutorService executor) {
    AppConfig appConfig = AppConfig.builder().signingSecret(signingSecret).build();
    SlackCallers callers = new SlackCallers(config.callers());
    RepeatedDeliveries deliveries = new RepeatedDeliveries(Clock.systemUTC());
    return new App(appConfig)
        .blockAction(
            ApprovalButton.APPROVE,
            new ApprovalClickHandler(true, callers, approvals, deliveries, executor))
        .blockAction(
            ApprovalButton.REJECT,
            new ApprovalClickHandler(false, callers, approvals, deliveries, executor))
        .command("/standby", new StandbyCommand(callers, runs, approvals, executor));
  }
}
