package dev.standby.api.runbook;

import java.util.List;

/**
 * The 422 answer to starting a runbook that has problems: each as {@code file:line:column: path:
 * message}.
 */
public record InvalidRunbook(String error, List<String> problems) {}
