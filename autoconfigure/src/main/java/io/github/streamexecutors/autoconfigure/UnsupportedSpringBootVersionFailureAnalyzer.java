package io.github.streamexecutors.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains {@link UnsupportedSpringBootVersionException} in Spring Boot's start-up report. */
final class UnsupportedSpringBootVersionFailureAnalyzer
    extends AbstractFailureAnalyzer<UnsupportedSpringBootVersionException> {

  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, UnsupportedSpringBootVersionException e) {
    return new FailureAnalysis(
        e.getMessage() + ".",
        "Upgrade the application to Spring Boot 4.0 or 4.1, or remove"
            + " stream-executors-spring-boot-starter.",
        e);
  }
}
