package io.github.streamexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class SpringBootVersionCheckTests {

  @Test
  void springBoot3FailsStartUpWithOneSentenceSayingWhichVersionsWork(CapturedOutput output) {
    SpringApplication application = new SpringApplication(EmptyConfiguration.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.addListeners(new SpringBootVersionCheck(() -> "3.5.7"));

    assertThatThrownBy(application::run).isInstanceOf(UnsupportedSpringBootVersionException.class);
    assertThat(output)
        .contains("APPLICATION FAILED TO START")
        .contains(
            "stream-executors needs Spring Boot 4.0 or 4.1, but this application runs Spring Boot"
                + " 3.5.7.")
        .contains("Upgrade the application to Spring Boot 4.0 or 4.1")
        .doesNotContain("NoClassDefFoundError");
  }

  @Test
  void versionsBefore4AreRejected() {
    assertThatThrownBy(() -> SpringBootVersionCheck.check("3.5.7"))
        .hasMessage(
            "stream-executors needs Spring Boot 4.0 or 4.1, but this application runs Spring Boot"
                + " 3.5.7");
    assertThatThrownBy(() -> SpringBootVersionCheck.check("2.7.18"))
        .isInstanceOf(UnsupportedSpringBootVersionException.class);
  }

  @Test
  void boot4UnknownAndCustomVersionsPass() {
    assertThatNoException()
        .isThrownBy(
            () -> {
              SpringBootVersionCheck.check("4.0.7");
              SpringBootVersionCheck.check("4.1.2");
              SpringBootVersionCheck.check(SpringBootVersion.getVersion());
              SpringBootVersionCheck.check(null);
              SpringBootVersionCheck.check("custom");
            });
  }

  @Test
  void theRunningBootStartsAnApplication() {
    SpringApplication application = new SpringApplication(EmptyConfiguration.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    application.run().close();
  }

  @Configuration(proxyBeanMethods = false)
  static class EmptyConfiguration {}
}
