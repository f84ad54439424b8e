package dev.standby.model.service;

/**
 * The names the service workflow answers to, shared by the workflow and the activities that call it
 * through the client (the activities module cannot see the workflow interface).
 */
public final class ServiceWorkflowNames {
  public static final String WORKFLOW_TYPE = "Service";
  public static final String ADMIT = "admit";
  public static final String FINISH = "finish";
  public static final String STATE = "state";

  private ServiceWorkflowNames() {}

  public static String workflowId(String service) {
    return "service/" + service;
  }
}
