package dev.standby.topology;

/**
 * One thing wrong with a YAML file (a topology or a runbook), where it is: {@code
 * primary-region-outage.yaml:14:15: procedure[1].owner: is required}. Lines and columns count from
 * 1; a missing field points at the mapping that lacks it, so an editor jumps to where it belongs.
 */
public record YamlProblem(String file, int line, int column, String path, String message) {

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + message;
  }
}
