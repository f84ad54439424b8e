package dev.standby.e2e;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link LabWorld} for an IT class: started before the class's own {@code @BeforeAll} methods
 * (which may add a worker of their own), closed after its {@code @AfterAll} methods.
 *
 * <pre>{@code
 * @RegisterExtension static final LabWorldExtension world = LabWorldExtension.withWorker("failback");
 * ... world.get().client ...
 * }</pre>
 */
final class LabWorldExtension implements BeforeAllCallback, AfterAllCallback {
  private final String name;
  private final UnaryOperator<LabWorld> setUp;
  private final boolean threeSites;
  private LabWorld world;

  private LabWorldExtension(String name, UnaryOperator<LabWorld> setUp) {
    this(name, setUp, false);
  }

  private LabWorldExtension(String name, UnaryOperator<LabWorld> setUp, boolean threeSites) {
    this.name = name;
    this.setUp = setUp;
    this.threeSites = threeSites;
  }

  /** The three-site lab ({@code lab up --sites 3}) and a Standby worker on its topology. */
  static LabWorldExtension withWorkerOnThreeSites(String name) {
    return new LabWorldExtension(name, LabWorld::withWorker, true);
  }

  /** The three-site lab, set up by the class (a worker on a topology of its own, say). */
  static LabWorldExtension onThreeSites(String name, UnaryOperator<LabWorld> setUp) {
    return new LabWorldExtension(name, setUp, true);
  }

  /** The lab with Temporal and a Standby worker on the lab's own topology, in this JVM. */
  static LabWorldExtension withWorker(String name) {
    return new LabWorldExtension(name, LabWorld::withWorker);
  }

  /**
   * The lab with Temporal and no worker: the class starts its own (another topology, a separate
   * process).
   */
  static LabWorldExtension withoutWorker(String name) {
    return new LabWorldExtension(name, UnaryOperator.identity());
  }

  LabWorld get() {
    if (world == null) {
      throw new IllegalStateException(
          "no lab world: register the LabWorldExtension on a static field");
    }
    return world;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    LabWorld started = threeSites ? LabWorld.startThreeSites(name) : LabWorld.start(name);
    try {
      world = setUp.apply(started);
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (world != null) {
      LabWorld closing = world;
      world = null;
      closing.close();
    }
  }
}
