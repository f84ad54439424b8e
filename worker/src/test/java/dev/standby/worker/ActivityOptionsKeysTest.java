package dev.standby.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.standby.workflows.StandbyActivityOptions;
import io.temporal.activity.ActivityInterface;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-activity options are keyed by activity type, a string: a renamed method would silently fall
 * back to the default timeouts. Every key must name an activity the worker registers, as Temporal
 * names it.
 */
class ActivityOptionsKeysTest {

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void everyPerActivityOptionNamesAnActivityTypeTheWorkerRegisters() {
    Set<String> registered = new LinkedHashSet<>();
    for (Class<?> activityInterface : activityInterfaces(StandbyActivities.class)) {
      POJOActivityInterfaceMetadata.newInstance(activityInterface).getMethodsMetadata().stream()
          .map(POJOActivityMethodMetadata::getActivityTypeName)
          .forEach(registered::add);
    }
    assertThat(registered)
        .as("activity types of the worker's activity interfaces")
        .contains("HealthProbe");

    assertThat(StandbyActivityOptions.workflowImplementationOptions().getActivityOptions().keySet())
        .as("keys of StandbyActivityOptions.perActivityType()")
        .isNotEmpty()
        .allSatisfy(
            key -> assertThat(registered).as("activity types the worker registers").contains(key));
  }

  /**
   * The activity interfaces of the composition root's implementations, nested capability records
   * included.
   */
  private static List<Class<?>> activityInterfaces(Class<?> root) {
    List<Class<?>> found = new ArrayList<>();
    for (RecordComponent component : root.getRecordComponents()) {
      Class<?> type = component.getType();
      if (type.isRecord()) {
        found.addAll(activityInterfaces(type));
      } else if (type.isAnnotationPresent(ActivityInterface.class)) {
        found.add(type);
      } else {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
          for (Class<?> i : c.getInterfaces()) {
            if (i.isAnnotationPresent(ActivityInterface.class)) {
              found.add(i);
            }
          }
        }
      }
    }
    return found;
  }
}
