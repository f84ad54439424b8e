package dev.standby.model.runbook;

import java.util.Arrays;
import java.util.List;

/** What a runbook step does; each maps to one typed piece of the engine. */
public enum RunbookAction {
  /**
   * The failover workflow ({@code failover/<service>}) to {@code site}, {@code mode} planned or
   * unplanned.
   */
  FAILOVER("failover"),
  /**
   * The failback workflow ({@code failback/<service>}) home to {@code site} (the primary site by
   * default).
   */
  FAILBACK("failback"),
  /**
   * One health probe of {@code site}, which must answer as {@code expect} says (healthy, ready,
   * unhealthy).
   */
  VERIFY_HEALTH("verify-health"),
  /** Runs the step's {@code checks} and nothing else. */
  RUN_CHECKS("run-checks"),
  /** The backup workflow ({@code backup/<service>}). */
  BACKUP("backup"),
  /**
   * The restore verification workflow ({@code restore-verify/<service>}): the newest backup,
   * restored and checked.
   */
  RESTORE("restore"),
  /** Posts one of the communication plan's templates. */
  NOTIFY("notify"),
  /** A person does something and acknowledges it (the {@code acknowledge} signal, carrying who). */
  MANUAL("manual"),
  /** Waits for a person's approval, escalating through the runbook's contact levels. */
  APPROVAL("approval");

  private final String label;

  RunbookAction(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The action written as {@code label}, or null. */
  public static RunbookAction of(String label) {
    return Arrays.stream(values()).filter(a -> a.label.equals(label)).findFirst().orElse(null);
  }

  public static List<String> labels() {
    return Arrays.stream(values()).map(RunbookAction::label).toList();
  }
}
