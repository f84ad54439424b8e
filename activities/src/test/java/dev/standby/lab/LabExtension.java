package dev.standby.lab;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A lab for a test class, or for each test: registered on a static field, one lab serves the whole
 * class; on an instance field, every test gets a fresh one (about 2 s, for tests that promote or
 * kill databases).
 *
 * <pre>{@code
 * @RegisterExtension static final LabExtension lab = LabExtension.withoutTemporal();
 * ... lab.get().jdbc(Lab.SITE_A) ...
 * }</pre>
 */
public final class LabExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final boolean withTemporal;
  private Lab lab;
  private boolean perTest;

  private LabExtension(boolean withTemporal) {
    this.withTemporal = withTemporal;
  }

  /** Both sites, HAProxy and the apps, with the Temporal dev server. */
  public static LabExtension withTemporal() {
    return new LabExtension(true);
  }

  /** Both sites, HAProxy and the apps: for tests that need no Temporal. */
  public static LabExtension withoutTemporal() {
    return new LabExtension(false);
  }

  /** The running lab; only from a test or a before/after-each method. */
  public Lab get() {
    if (lab == null) {
      throw new IllegalStateException(
          "no lab yet: register the LabExtension with @RegisterExtension");
    }
    return lab;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    lab = Lab.start(context.getRequiredTestClass().getSimpleName(), withTemporal);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (lab == null) { // registered on an instance field: beforeAll never ran
      perTest = true;
      lab =
          Lab.start(
              context.getRequiredTestClass().getSimpleName()
                  + "-"
                  + context.getRequiredTestMethod().getName(),
              withTemporal);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      close();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private void close() {
    if (lab != null) {
      Lab closing = lab;
      lab = null;
      closing.close();
    }
  }
}
