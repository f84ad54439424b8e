package dev.standby.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.standby.api.auth.AccessControl;
import dev.standby.api.backup.BackupResource;
import dev.standby.api.codec.CodecCors;
import dev.standby.api.codec.CodecResource;
import dev.standby.api.drill.DrillResource;
import dev.standby.api.drill.ScheduleResource;
import dev.standby.api.errors.HttpErrorMapper;
import dev.standby.api.errors.JsonErrorMapper;
import dev.standby.api.errors.UnexpectedErrorMapper;
import dev.standby.api.errors.ValidationErrorMapper;
import dev.standby.api.failback.FailbackResource;
import dev.standby.api.failover.FailoverResource;
import dev.standby.api.metrics.PrometheusServlet;
import dev.standby.api.monitor.MonitorResource;
import dev.standby.api.openapi.OpenApiResource;
import dev.standby.api.region.RegionFailoverResource;
import dev.standby.api.runbook.RunbookResource;
import dev.standby.api.runbook.RunbookRunResource;
import dev.standby.api.runs.RunActions;
import dev.standby.api.runs.RunApprovals;
import dev.standby.api.runs.RunsResource;
import dev.standby.api.runs.WorkflowRuns;
import dev.standby.api.services.ServiceResource;
import dev.standby.api.slack.SlackEndpoint;
import dev.standby.api.temporal.GrpcErrorMapper;
import dev.standby.api.temporal.TemporalConnection;
import dev.standby.api.temporal.TemporalErrorMapper;
import dev.standby.api.temporal.TemporalFactory;
import dev.standby.api.temporal.TemporalHealthCheck;
import dev.standby.api.topology.KnownServices;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.time.Clock;

/** The Standby REST API: starts, describes and cancels DR workflows by service name. */
public class StandbyApiApplication extends Application<StandbyApiConfiguration> {

  public static void main(String[] args) throws Exception {
    new StandbyApiApplication().run(args);
  }

  @Override
  public String getName() {
    return "standby-api";
  }

  @Override
  public void initialize(Bootstrap<StandbyApiConfiguration> bootstrap) {
    // ${TEMPORAL_ADDRESS:-127.0.0.1:7233} in config.yml: one file serves the lab, containers and
    // CI.
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    // A field the API does not know is refused, not ignored: a misspelt "targetsite" or a
    // "sourceSite" this
    // version does not support must not become a failover the operator did not ask for.
    bootstrap.getObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  @Override
  public void run(StandbyApiConfiguration configuration, Environment environment) {
    TemporalFactory settings = configuration.getTemporal();
    TemporalConnection temporal = settings.build(environment);
    KnownServices services =
        configuration.getTopologyFile() == null
            ? KnownServices.none()
            : KnownServices.from(java.nio.file.Path.of(configuration.getTopologyFile()));
    WorkflowRuns runs =
        new WorkflowRuns(
            temporal.client(),
            settings.getTaskQueue(),
            temporal.links(),
            settings.getQueryTimeout().toJavaDuration(),
            services);

    environment.healthChecks().register("temporal", new TemporalHealthCheck(temporal));
    environment
        .admin()
        .addServlet("prometheus", new PrometheusServlet(environment.metrics()))
        .addMapping(PrometheusServlet.PATH);

    RunApprovals approvals = new RunApprovals(runs, Clock.systemUTC());
    RunActions actions = new RunActions(runs, approvals);

    JerseyEnvironment jersey = environment.jersey();
    jersey.register(new AccessControl(configuration.getAuth().build(System::getenv)));
    jersey.register(new FailoverResource(runs, actions));
    jersey.register(new RegionFailoverResource(runs, actions));
    jersey.register(new MonitorResource(runs));
    jersey.register(new ServiceResource(runs.states(), temporal.links()));
    jersey.register(new DrillResource(runs));
    jersey.register(
        new ScheduleResource(
            ScheduleClient.newInstance(
                temporal.stubs(),
                ScheduleClientOptions.newBuilder()
                    .setNamespace(temporal.namespace())
                    .setDataConverter(temporal.dataConverter())
                    .build()),
            settings.getTaskQueue()));
    jersey.register(new FailbackResource(runs, actions));
    jersey.register(new RunsResource(runs, actions));
    jersey.register(new RunbookResource(configuration.getRunbooks().build(), runs));
    jersey.register(new RunbookRunResource(runs, actions, temporal.client(), Clock.systemUTC()));
    jersey.register(new BackupResource(runs));
    jersey.register(new OpenApiResource());
    jersey.register(new CodecResource(temporal.codecs()));
    jersey.register(new CodecCors(settings.getCodecOrigins()));
    registerErrorMappers(configuration, jersey);
    SlackEndpoint.mount(configuration.getSlack(), environment, runs, approvals);
  }

  /**
   * Every error leaves as {@code {"error": "..."}}. Dropwizard's own mappers answer in another
   * shape ({@code {"code":..,"message":..}}, {@code {"errors":[..]}}), so they are switched off and
   * replaced.
   */
  private static void registerErrorMappers(
      StandbyApiConfiguration configuration, JerseyEnvironment jersey) {
    if (configuration.getServerFactory() instanceof AbstractServerFactory server) {
      server.setRegisterDefaultExceptionMappers(false);
    }
    jersey.register(new ValidationErrorMapper());
    jersey.register(new JsonErrorMapper());
    jersey.register(new HttpErrorMapper());
    jersey.register(new TemporalErrorMapper());
    jersey.register(new GrpcErrorMapper());
    jersey.register(new UnexpectedErrorMapper());
  }
}
