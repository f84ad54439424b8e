package dev.standby.workflows.backup;

import dev.standby.model.Progress;
import dev.standby.model.backup.BackupRequest;
import dev.standby.model.backup.BackupResult;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Dumps a service's primary into its first backup target, copies it to the others, verifies every
 * copy by checksum, records the manifest, then prunes by retention. Workflow id: {@code
 * backup/<service>}.
 */
@WorkflowInterface
public interface BackupWorkflow {

  @WorkflowMethod(name = "Backup")
  BackupResult backup(BackupRequest request);

  @QueryMethod
  Progress progress();
}
