package io.github.streamexecutors.autoconfigure;

import java.util.function.Supplier;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Stops start-up on a Spring Boot older than 4.0, before any auto-configuration class is loaded
 * (they use Boot 4 types, and would fail with a {@code NoClassDefFoundError}). {@link
 * UnsupportedSpringBootVersionFailureAnalyzer} turns the failure into one sentence.
 *
 * <p>Registered in {@code META-INF/spring.factories}, and written against types that Spring Boot 2
 * and 3 have too, so that it loads on them.
 */
public final class SpringBootVersionCheck
    implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  static final int MINIMUM_MAJOR = 4;

  private final Supplier<String> bootVersion;

  public SpringBootVersionCheck() {
    this(SpringBootVersion::getVersion);
  }

  SpringBootVersionCheck(Supplier<String> bootVersion) {
    this.bootVersion = bootVersion;
  }

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    check(this.bootVersion.get());
  }

  /** Throws if {@code version} is a Boot release older than 4; an unknown version passes. */
  static void check(String version) {
    if (version == null) {
      return;
    }
    int dot = version.indexOf('.');
    try {
      int major = Integer.parseInt((dot < 0) ? version : version.substring(0, dot));
      if (major < MINIMUM_MAJOR) {
        throw new UnsupportedSpringBootVersionException(version);
      }
    } catch (NumberFormatException unknownVersionFormat) {
      // Not a release number (a custom build): let it start.
    }
  }
}
