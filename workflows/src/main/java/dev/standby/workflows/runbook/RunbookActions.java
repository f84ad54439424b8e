package dev.standby.workflows.runbook;

import dev.standby.model.runbook.RunbookAction;
import java.util.EnumSet;
import java.util.Set;

/** Which runbook actions this build can execute; the API refuses a runbook with others before it starts a run. */
public final class RunbookActions {
  private static final Set<RunbookAction> UNAVAILABLE = EnumSet.of(RunbookAction.BACKUP, RunbookAction.RESTORE);

  private RunbookActions() {}

  public static boolean available(RunbookAction action) {
    return !UNAVAILABLE.contains(action);
  }
}
