package dev.standby.api.temporal;

import io.temporal.api.common.v1.WorkflowExecution;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Links into the Temporal UI, so every answer about a run points at its history. */
public record WorkflowLinks(String uiUrl, String namespace) {

  public WorkflowLinks {
    uiUrl = uiUrl.endsWith("/") ? uiUrl.substring(0, uiUrl.length() - 1) : uiUrl;
  }

  public String history(WorkflowExecution execution) {
    return uiUrl
        + "/namespaces/"
        + encode(namespace)
        + "/workflows/"
        + encode(execution.getWorkflowId())
        + "/"
        + encode(execution.getRunId())
        + "/history";
  }

  /** The run's history; without a run id, the UI's list of the runs under the workflow id. */
  public String run(String workflowId, String runId) {
    if (runId == null || runId.isEmpty()) {
      return uiUrl
          + "/namespaces/"
          + encode(namespace)
          + "/workflows?query="
          + encode("WorkflowId=\"" + workflowId + "\"");
    }
    return history(
        WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId).build());
  }

  /**
   * Workflow ids hold a slash ({@code failover/payments}): unencoded, the UI would read it as a
   * path.
   */
  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
