package dev.standby.model.region;

/**
 * The names of the region workflows, shared by the workflows and the activities and API that reach
 * them through the client.
 */
public final class RegionWorkflowNames {
  public static final String PLAN_TYPE = "RegionFailover";
  public static final String TRIGGER_TYPE = "RegionTrigger";
  public static final String SERVICE_FAILED = "serviceFailed";

  private RegionWorkflowNames() {}

  /** One plan per site at a time. */
  public static String planId(String site) {
    return "region/" + site;
  }

  /** Where a site's monitors send their detections when its plan has a trigger. */
  public static String triggerId(String site) {
    return "region-trigger/" + site;
  }
}
