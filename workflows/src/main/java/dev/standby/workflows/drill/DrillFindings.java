package dev.standby.workflows.drill;

import dev.standby.model.ServiceSpec;
import dev.standby.model.drill.DrillObjectives;
import dev.standby.model.drill.DrillResult;
import dev.standby.model.drill.FaultRecord;
import dev.standby.model.drill.WriteLoadReport;
import dev.standby.model.failback.FailbackResult;
import dev.standby.model.failover.FailoverResult;
import dev.standby.model.health.CheckResult;
import dev.standby.model.practice.PracticeReport;
import dev.standby.model.service.ServiceState;
import java.util.ArrayList;
import java.util.List;

/**
 * What a drill has gathered so far. The result and the report are built from it whichever way the
 * drill ends, so every part of the drill writes what it learns here as soon as it learns it.
 */
final class DrillFindings {
  /** Why the drill did not pass, in the order found; empty means it passed. */
  final List<String> reasons = new ArrayList<>();

  /**
   * Set by an abort or a blackout as it happens; otherwise decided from the reasons when the drill
   * ends.
   */
  DrillResult.Outcome outcome;

  /** The service as the drill was admitted: its sites, their priorities and conditions. */
  ServiceSpec spec;

  ServiceState before;
  String source;
  String target;
  DrillObjectives.Resolved objectives;
  Long rto;
  Long lost;
  Long window;
  FaultRecord fault;
  FailoverResult failover;
  WriteLoadReport load;
  List<CheckResult> checks;
  List<DrillResult.TableComparison> consistency;
  FailbackResult failback;
  List<DrillResult.TabletopOutcome> tabletop;
  PracticeReport practice;
}
