package io.github.streamexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.validation.FieldError;

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
                assertThat(fieldError(context.getStartupFailure()))
                    .satisfies(
                        (error) -> {
                          assertThat(error.getField()).isEqualTo("executors.io.buffer-size");
                          assertThat(error.getRejectedValue()).hasToString("0");
                          assertThat(error.getDefaultMessage()).isEqualTo("must be at least 1");
                        }));
  }

  @Test
  void defaultBufferSizeBelowOneFailsStartupNamingTheKey() {
    this.contextRunner
        .withPropertyValues("stream-executors.buffer-size=-3")
        .run(
            (context) ->
                assertThat(fieldError(context.getStartupFailure()))
                    .satisfies(
                        (error) -> {
                          assertThat(error.getField()).isEqualTo("buffer-size");
                          assertThat(error.getRejectedValue()).hasToString("-3");
                          assertThat(error.getDefaultMessage()).isEqualTo("must be at least 1");
                        }));
  }

  @Test
  void coreSizeAboveMaxSizeFailsStartupNamingBothKeys() {
    this.contextRunner
        .withPropertyValues(
            "stream-executors.executors.cpu.pool.core-size=4",
            "stream-executors.executors.cpu.pool.max-size=2")
        .run(
            (context) ->
                assertThat(fieldError(context.getStartupFailure()))
                    .satisfies(
                        (error) -> {
                          assertThat(error.getField()).isEqualTo("executors.cpu.pool.core-size");
                          assertThat(error.getRejectedValue()).hasToString("4");
                          assertThat(error.getDefaultMessage())
                              .isEqualTo(
                                  "must be at most stream-executors.executors.cpu.pool.max-size (2)");
                        }));
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
                assertThat(fieldError(context.getStartupFailure()))
                    .satisfies(
                        (error) -> {
                          assertThat(error.getField()).isEqualTo("executors.io.pool.core-size");
                          assertThat(error.getRejectedValue()).hasToString("8");
                          assertThat(error.getDefaultMessage())
                              .isEqualTo(
                                  "must be at most stream-executors.executors.io.pool.max-size (2)");
                        }));
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
                assertThat(fieldError(context.getStartupFailure()))
                    .satisfies(
                        (error) -> {
                          assertThat(error.getField()).isEqualTo("pool.queue-capacity");
                          assertThat(error.getRejectedValue()).hasToString("-1");
                          assertThat(error.getDefaultMessage()).isEqualTo("must be at least 0");
                        }));
  }

  @Test
  void executorNamedDefaultIsRejected() {
    this.contextRunner
        .withPropertyValues("stream-executors.executors.default.buffer-size=2")
        .run(
            (context) ->
                assertThat(fieldError(context.getStartupFailure()).getDefaultMessage())
                    .contains("the executor name 'default' is reserved"));
  }

  @Test
  void everyDocumentedKeyBindsForTheDefaultAndANamedExecutor() {
    String[] keys = {
      "buffer-size=5",
      "thread-name-prefix=x-",
      "pool.queue-capacity=10",
      "pool.core-size=2",
      "pool.max-size=4",
      "pool.allow-core-thread-timeout=false",
      "pool.keep-alive=5s",
      "shutdown.await-termination=true",
      "shutdown.await-termination-period=1s"
    };
    List<String> values = new ArrayList<>(List.of("stream-executors.enabled=true"));
    for (String key : keys) {
      values.add("stream-executors." + key);
      values.add("stream-executors.executors.io." + key);
    }
    this.contextRunner
        .withPropertyValues(values.toArray(String[]::new))
        .run((context) -> assertThat(context).hasNotFailed());
  }

  /** The first error that validation found, at its key relative to stream-executors. */
  private static FieldError fieldError(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindValidationException validation) {
        return (FieldError) validation.getValidationErrors().getAllErrors().get(0);
      }
    }
    throw new AssertionError("No BindValidationException in " + failure, failure);
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
