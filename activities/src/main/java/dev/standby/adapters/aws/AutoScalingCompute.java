package dev.standby.adapters.aws;

import dev.standby.adapters.ComputeAdapter;
import dev.standby.model.FailureType;
import dev.standby.model.Failures;
import dev.standby.model.compute.ScaleResult;
import dev.standby.topology.ServiceTopology.Compute;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/**
 * AWS Auto Scaling: SetDesiredCapacity on the site's group. A capacity outside the group's min..max
 * is refused before the call, with the bounds, since retrying cannot fix it.
 */
public class AutoScalingCompute implements ComputeAdapter {
  private final AwsClients clients;

  public AutoScalingCompute(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public ScaleResult setDesiredCapacity(String site, Compute compute, int desired) {
    AutoScalingClient autoScaling = clients.autoScaling(site);
    try {
      AutoScalingGroup group = group(autoScaling, compute.group());
      if (desired < group.minSize() || desired > group.maxSize()) {
        throw Failures.nonRetryable(
            FailureType.INVALID_INPUT,
            "Auto Scaling group "
                + compute.group()
                + " at "
                + site
                + " takes "
                + group.minSize()
                + " to "
                + group.maxSize()
                + " instances, not "
                + desired);
      }
      int before = group.desiredCapacity();
      if (before != desired) {
        // Honour the cooldown off: a failover must not wait out a cooldown started by ordinary
        // scaling.
        autoScaling.setDesiredCapacity(
            r ->
                r.autoScalingGroupName(compute.group())
                    .desiredCapacity(desired)
                    .honorCooldown(false));
      }
      return new ScaleResult(
          site, compute.group(), before, group(autoScaling, compute.group()).desiredCapacity());
    } catch (SdkException e) {
      throw AwsFailures.of("Auto Scaling group " + compute.group(), e);
    }
  }

  private static AutoScalingGroup group(AutoScalingClient autoScaling, String name) {
    return autoScaling
        .describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))
        .autoScalingGroups()
        .stream()
        .findFirst()
        .orElseThrow(
            () ->
                Failures.nonRetryable(
                    FailureType.INVALID_INPUT, "no Auto Scaling group '" + name + "'"));
  }
}
