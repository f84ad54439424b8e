package dev.standby.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.workflows.StandbyActivityOptions;
import dev.standby.workflows.registry.StandbyWorkflows;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WarmUpTest {

  @Test
  void everyWarmUpHistoryIsTheRecordedOneOfTheSameName() throws Exception {
    Path recorded = repoRoot().resolve("workflows/src/test/resources/histories");
    for (String name : WarmUp.HISTORIES) {
      assertThat(WarmUp.read(name))
          .as(
              "worker/src/main/resources/warmup/%s.json is a copy of %s: copy it again when it is"
                  + " re-recorded",
              name, recorded.resolve(name + ".json"))
          .isEqualTo(Files.readString(recorded.resolve(name + ".json")));
    }
  }

  @Test
  void todaysWorkflowCodeReplaysEveryWarmUpHistory() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("standby");
      worker.registerWorkflowImplementationTypes(
          StandbyActivityOptions.workflowImplementationOptions(),
          StandbyWorkflows.implementations());

      assertThat(WarmUp.replay(worker)).containsExactlyElementsOf(WarmUp.HISTORIES);
    }
  }

  private static Path repoRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("workflows/src/test/resources/histories"))) {
        return p;
      }
    }
    throw new IllegalStateException("no workflows/ above " + Path.of("").toAbsolutePath());
  }
}
