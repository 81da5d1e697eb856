package io.github.streamexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

/**
 * What an application with a bad {@code stream-executors} configuration prints: Spring Boot's
 * "APPLICATION FAILED TO START" report with the key, the value, its origin and what is allowed.
 */
@ExtendWith(OutputCaptureExtension.class)
class StreamExecutorsStartupFailureTests {

  @Test
  void bufferSizeBelowOneIsReportedWithItsOrigin(CapturedOutput output) {
    assertThat(startWith("buffer-size-zero.properties", output))
        .contains("APPLICATION FAILED TO START")
        .contains("Property: stream-executors.executors.io.buffer-size")
        .contains("Value: \"0\"")
        .contains("Origin: class path resource [startup-failures/buffer-size-zero.properties] - 1:")
        .contains("Reason: must be at least 1")
        .contains("Update your application's configuration");
  }

  @Test
  void coreSizeAboveMaxSizeNamesBothKeys(CapturedOutput output) {
    assertThat(startWith("core-above-max.properties", output))
        .contains("Property: stream-executors.executors.cpu.pool.core-size")
        .contains("Value: \"4\"")
        .contains("core-above-max.properties] - 1:")
        .contains("Reason: must be at most stream-executors.executors.cpu.pool.max-size (2)");
  }

  @Test
  void negativeKeepAliveIsReportedWithItsOrigin(CapturedOutput output) {
    assertThat(startWith("negative-keep-alive.properties", output))
        .contains("Property: stream-executors.pool.keep-alive")
        .contains("Value: \"-5s\"")
        .contains("negative-keep-alive.properties] - 1:")
        .contains("Reason: must not be negative");
  }

  @Test
  void theReservedNameDefaultIsReported(CapturedOutput output) {
    assertThat(startWith("reserved-name.properties", output))
        .contains("APPLICATION FAILED TO START")
        .contains("Property: stream-executors.executors.default.buffer-size")
        .contains("reserved-name.properties] - 1:")
        .contains("the executor name 'default' is reserved for the default executor");
  }

  @Test
  void aMisspelledKeyOfANamedExecutorNamesTheNearestValidKey(CapturedOutput output) {
    assertThat(startWith("misspelled-named-key.properties", output))
        .contains("APPLICATION FAILED TO START")
        .contains("Property: stream-executors.executors.io.bufer-size")
        .contains("Value: \"2\"")
        .contains("misspelled-named-key.properties] - 1:")
        .contains("did you mean 'stream-executors.executors.io.buffer-size'?");
  }

  @Test
  void aMisspelledPoolKeyNamesTheNearestValidKey(CapturedOutput output) {
    assertThat(startWith("misspelled-pool-key.properties", output))
        .contains("Property: stream-executors.pool.core-sise")
        .contains("misspelled-pool-key.properties] - 1:")
        .contains("did you mean 'stream-executors.pool.core-size'?");
  }

  @Test
  void aValueThatIsNotANumberIsReportedByBootsBinder(CapturedOutput output) {
    assertThat(startWith("not-a-number.properties", output))
        .contains("APPLICATION FAILED TO START")
        .contains("Property: stream-executors.buffer-size")
        .contains("Value: \"abc\"")
        .contains("not-a-number.properties] - 1:");
  }

  @Test
  void nearestKeyPrefersTheSameExecutor() {
    assertThat(UnknownStreamExecutorsKeyFailureAnalyzer.nearest("stream-executors.bufersize"))
        .isEqualTo("stream-executors.buffer-size");
    assertThat(
            UnknownStreamExecutorsKeyFailureAnalyzer.nearest(
                "stream-executors.executors.cpu.pool.max"))
        .isEqualTo("stream-executors.executors.cpu.pool.max-size");
    assertThat(
            UnknownStreamExecutorsKeyFailureAnalyzer.nearest(
                "stream-executors.executors.cpu.shutdown.await"))
        .isEqualTo("stream-executors.executors.cpu.shutdown.await-termination");
  }

  /** Starts an application configured by {@code file}; returns what it printed. */
  private static String startWith(String file, CapturedOutput output) {
    SpringApplication application = new SpringApplication(StreamExecutorsApplication.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    assertThatThrownBy(
            () -> application.run("--spring.config.location=classpath:startup-failures/" + file))
        .isNotNull();
    return output.toString();
  }

  @Configuration(proxyBeanMethods = false)
  @ImportAutoConfiguration({
    TaskExecutionAutoConfiguration.class,
    StreamExecutorsAutoConfiguration.class
  })
  static class StreamExecutorsApplication {}
}
