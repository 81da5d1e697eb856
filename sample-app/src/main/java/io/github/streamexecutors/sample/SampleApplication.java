package io.github.streamexecutors.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The word-count pipeline as a web service: it serves its own corpus ({@code /pages/{n}}), counts a
 * word over it on three named stream executors ({@code /wordcount}) and shows them at work on a
 * live page ({@code /}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
