package dev.standby.workflows;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.Workflow;

/**
 * Custom search attributes that let operators find runs in the Temporal UI by service, kind and
 * site.
 */
public final class StandbySearchAttributes {
  public static final SearchAttributeKey<String> SERVICE =
      SearchAttributeKey.forKeyword("StandbyService");
  public static final SearchAttributeKey<String> KIND =
      SearchAttributeKey.forKeyword("StandbyKind");
  public static final SearchAttributeKey<String> SITE =
      SearchAttributeKey.forKeyword("StandbySite");

  private StandbySearchAttributes() {}

  /**
   * @param site null when the starter does not know it (the API knows no topology): the workflow
   *     sets it when it has resolved it
   */
  public static SearchAttributes of(String service, String kind, String site) {
    SearchAttributes.Builder b =
        SearchAttributes.newBuilder().set(SERVICE, service).set(KIND, kind);
    return site == null ? b.build() : b.set(SITE, site).build();
  }

  /**
   * Sets them from inside a workflow, so runs started from the UI or CLI are as findable as
   * API-started ones.
   */
  public static void upsert(String service, String kind, String site) {
    Workflow.upsertTypedSearchAttributes(
        SERVICE.valueSet(service), KIND.valueSet(kind), SITE.valueSet(site));
  }
}
