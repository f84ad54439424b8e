package dev.standby.api.runbook;

import dev.standby.runbook.LoadedRunbook;
import java.util.List;

/** One runbook in {@code GET /runbooks}: whether it can be started, and if not, every reason. */
public record RunbookSummary(
    String name, String title, String service, String file, boolean valid, List<String> problems) {

  static RunbookSummary of(LoadedRunbook loaded) {
    return new RunbookSummary(
        loaded.name(),
        loaded.valid() ? loaded.runbook().title() : null,
        loaded.valid() ? loaded.runbook().service() : null,
        loaded.file().getFileName().toString(),
        loaded.valid(),
        loaded.messages());
  }
}
