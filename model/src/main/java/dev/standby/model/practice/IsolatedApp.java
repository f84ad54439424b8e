package dev.standby.model.practice;

import java.util.List;

/**
 * A copy of the service's app started against a clone, on an endpoint no router knows: production
 * traffic never reaches it.
 *
 * @param url where it answers
 * @param created what was started, one line each, for the report
 */
public record IsolatedApp(String key, String url, long readyAtMillis, List<String> created) {}
