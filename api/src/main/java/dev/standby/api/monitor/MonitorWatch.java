package dev.standby.api.monitor;

/**
 * The answer of {@code POST} and {@code DELETE /monitors}: the service was told to watch, or to
 * stop.
 *
 * @param workflowId the monitor's workflow id ({@code monitor/<name>}), for {@code GET
 *     /monitors/{service}} and the Temporal UI
 * @param serviceWorkflowId the service's own workflow, which starts and stops the monitor
 * @param uiUrl the service workflow's history in the Temporal UI
 */
public record MonitorWatch(
    String service, String workflowId, boolean watching, String serviceWorkflowId, String uiUrl) {}
