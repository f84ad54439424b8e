package dev.standby.worker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The module graph as rules: the model knows no provider, workflows and the API reach the world
 * only through activity interfaces, Standby's engines know no provider, and no package depends on
 * itself through others. The worker's test classpath is the only one that holds every module, so
 * the rules live here.
 */
@Timeout(120)
class LayeringTest {
  private static final String[] ADAPTERS_AND_ENGINES = {
    "dev.standby.adapters..",
    "dev.standby.activities.impl..",
    "dev.standby.backup..",
    "dev.standby.storage..",
    "dev.standby.report..",
    "dev.standby.load..",
    "dev.standby.traffic..",
    "dev.standby.metrics..",
  };
  private static final String[] CLOUD_SDKS_AND_DRIVERS = {
    "software.amazon.awssdk..",
    "com.google.cloud..",
    "com.google.api.services..",
    "com.azure..",
    "org.postgresql..",
  };

  private static JavaClasses standby;

  @BeforeAll
  static void importStandby() {
    // Main code only, whether Maven hands the modules over as target/classes (test) or as their
    // jars (verify).
    ImportOption mainCodeOnly =
        location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
    standby = new ClassFileImporter().withImportOption(mainCodeOnly).importPackages("dev.standby");
  }

  @Test
  void theImportFoundEveryModule() {
    // A rule over an empty or partial import passes vacuously: make sure all five modules are in
    // it.
    for (String module :
        new String[] {
          "dev.standby.model.ServiceSpec", "dev.standby.adapters.postgres.PostgresDatabaseAdapter",
          "dev.standby.workflows.failover.FailoverWorkflowImpl",
              "dev.standby.api.StandbyApiApplication",
          "dev.standby.worker.WorkerMain"
        }) {
      assertThat(standby.contain(module)).as(module).isTrue();
    }
    assertThat(standby.contain("dev.standby.lab.Lab"))
        .as("test code is not held to these rules")
        .isFalse();
  }

  @Test
  void workflowsAndTheApiNeverReachAdaptersOrEngines() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage("dev.standby.workflows..", "dev.standby.api..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(ADAPTERS_AND_ENGINES)
            .because(
                "workflows are deterministic code over activity interfaces, and the API only starts, signals and"
                    + " queries workflows");
    rule.check(standby);
  }

  @Test
  void theModelKnowsNoProvider() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(
                "dev.standby.model..", "dev.standby.topology..", "dev.standby.runbook..")
            .or()
            .resideInAPackage("dev.standby.activities")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(ADAPTERS_AND_ENGINES)
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage(CLOUD_SDKS_AND_DRIVERS)
            .because(
                "the workflows and the API depend on the model module alone, and carry no cloud SDK");
    rule.check(standby);
  }

  @Test
  void enginesKnowNoProviderAndNoCapabilityImplementation() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(
                "dev.standby.backup..",
                "dev.standby.storage..",
                "dev.standby.report..",
                "dev.standby.load..",
                "dev.standby.traffic..",
                "dev.standby.metrics..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.standby.adapters..", "dev.standby.activities.impl..")
            .orShould()
            .dependOnClassesThat()
            .resideInAnyPackage(CLOUD_SDKS_AND_DRIVERS)
            .because(
                "an engine is Standby's own logic over a port (ObjectStore, BackupStores); providers plug in"
                    + " through activities.impl");
    rule.check(standby);
  }

  @Test
  void providersDoNotReachUp() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.standby.adapters..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                "dev.standby.activities.impl..",
                "dev.standby.workflows..",
                "dev.standby.api..",
                "dev.standby.worker..");
    rule.check(standby);
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.standby.(**)").should().beFreeOfCycles().check(standby);
  }
}
