package dev.standby.runbook;







/**
 * One thing wrong with a runbook, where it is: {@code primary-region-outage.yaml:14:15: procedure[1].owner: is
 * required}. Lines and columns count from 1; a missing field points at the mapping that lacks it.
 */
public record RunbookProblem(String file, int line, int column, String path, String message) {

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + (path.isEmpty() ? "" : path + ": ") + message;
  }
}
