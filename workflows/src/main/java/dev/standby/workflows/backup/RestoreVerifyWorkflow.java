package dev.standby.workflows.backup;

import dev.standby.model.Progress;
import dev.standby.model.backup.RestoreVerifyRequest;
import dev.standby.model.backup.RestoreVerifyResult;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Proves a backup: restores it from a chosen copy (falling back to the others when one is missing
 * or corrupt) into a scratch PostgreSQL and checks it against its manifest. Workflow id: {@code
 * restore-verify/<service>}.
 */
@WorkflowInterface
public interface RestoreVerifyWorkflow {

  @WorkflowMethod(name = "RestoreVerify")
  RestoreVerifyResult restoreVerify(RestoreVerifyRequest request);

  @QueryMethod
  Progress progress();
}
