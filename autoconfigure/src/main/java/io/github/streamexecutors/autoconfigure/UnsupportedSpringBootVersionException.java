package io.github.streamexecutors.autoconfigure;

/** Thrown at start-up on a Spring Boot version this starter does not support. */
public final class UnsupportedSpringBootVersionException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final String bootVersion;

  UnsupportedSpringBootVersionException(String bootVersion) {
    super(
        "stream-executors needs Spring Boot 4.0 or 4.1, but this application runs Spring Boot "
            + bootVersion);
    this.bootVersion = bootVersion;
  }

  /** The Spring Boot version the application runs. */
  public String getBootVersion() {
    return this.bootVersion;
  }
}
