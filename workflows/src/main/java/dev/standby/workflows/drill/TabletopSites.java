package dev.standby.workflows.drill;

import dev.standby.model.drill.TabletopStep;
import java.util.ArrayList;
import java.util.List;

/**
 * Names the sites in a tabletop's steps, as the failover the walk rehearses would act on them:
 * {@code {source}} is the primary now, {@code {target}} the standby a failover would take ({@link
 * DrillTarget}, the election a real planned failover makes) and a step naming {@code {replica}} is
 * walked once per other standby that would be re-pointed to the target, in priority order; none (a
 * two-site service) and the step is left out. Backup-only sites are never re-pointed.
 */
final class TabletopSites {
  private TabletopSites() {}

  static List<TabletopStep> name(
      List<TabletopStep> steps, String source, String target, List<String> others) {
    List<TabletopStep> named = new ArrayList<>();
    for (TabletopStep step : steps) {
      String name = step.name().replace("{source}", source).replace("{target}", target);
      if (name.contains("{replica}")) {
        for (String replica : others) {
          named.add(
              new TabletopStep(
                  name.replace("{replica}", replica), step.owner(), step.estimatedMillis()));
        }
      } else {
        named.add(new TabletopStep(name, step.owner(), step.estimatedMillis()));
      }
    }
    return named;
  }

  /** Whether any step names a site by placeholder. */
  static boolean namesSites(List<TabletopStep> steps) {
    return steps.stream().anyMatch(s -> s.name().matches(".*\\{(source|target|replica)}.*"));
  }
}
