package io.github.streamexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class StreamExecutorsPropertiesValidationTests {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(StreamExecutorsAutoConfiguration.class));

  @Test
  void namedBufferSizeBelowOneFailsStartupNamingTheKey() {
    this.contextRunner
        .withPropertyValues("stream-executors.executors.io.buffer-size=0")
        .run(
            (context) ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessage(
                        "stream-executors.executors.io.buffer-size must be at least 1, was 0"));
  }

  @Test
  void defaultBufferSizeBelowOneFailsStartupNamingTheKey() {
    this.contextRunner
        .withPropertyValues("stream-executors.buffer-size=-3")
        .run(
            (context) ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessage("stream-executors.buffer-size must be at least 1, was -3"));
  }

  @Test
  void coreSizeAboveMaxSizeFailsStartupNamingBothKeys() {
    this.contextRunner
        .withPropertyValues(
            "stream-executors.executors.cpu.pool.core-size=4",
            "stream-executors.executors.cpu.pool.max-size=2")
        .run(
            (context) ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessage(
                        "stream-executors.executors.cpu.pool.core-size must be at most"
                            + " stream-executors.executors.cpu.pool.max-size (2), was 4"));
  }

  @Test
  void inheritedMaxSizeStillBoundsANamedCoreSize() {
    this.contextRunner
        .withPropertyValues(
            "stream-executors.pool.core-size=1",
            "stream-executors.pool.max-size=2",
            "stream-executors.executors.io.pool.core-size=8")
        .run(
            (context) ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessage(
                        "stream-executors.executors.io.pool.core-size must be at most"
                            + " stream-executors.executors.io.pool.max-size (2), was 8"));
  }

  @Test
  void nonNumericBufferSizeFailsStartupNamingTheKey() {
    this.contextRunner
        .withPropertyValues("stream-executors.executors.io.buffer-size=lots")
        .run(
            (context) ->
                assertThat(bindFailure(context.getStartupFailure()))
                    .hasMessageContaining(
                        "Failed to bind properties under 'stream-executors.executors.io.buffer-size'"));
  }

  @Test
  void nonNumericDefaultCoreSizeFailsStartupNamingTheKey() {
    this.contextRunner
        .withPropertyValues("stream-executors.pool.core-size=eight")
        .run(
            (context) ->
                assertThat(bindFailure(context.getStartupFailure()))
                    .hasMessageContaining(
                        "Failed to bind properties under 'stream-executors.pool.core-size'"));
  }

  @Test
  void negativeQueueCapacityFailsStartupNamingTheKey() {
    this.contextRunner
        .withPropertyValues("stream-executors.pool.queue-capacity=-1")
        .run(
            (context) ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessage("stream-executors.pool.queue-capacity must be at least 0, was -1"));
  }

  @Test
  void executorNamedDefaultIsRejected() {
    this.contextRunner
        .withPropertyValues("stream-executors.executors.default.buffer-size=2")
        .run(
            (context) ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("stream-executors.executors.default is not allowed"));
  }

  /** Spring Boot's binder reports a value it cannot convert with the full key. */
  private static BindException bindFailure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException bindException) {
        return bindException;
      }
    }
    throw new AssertionError("No BindException in " + failure, failure);
  }
}
