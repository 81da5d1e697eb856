package io.github.streamexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.streamexecutors.StreamTaskExecutor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class StreamExecutorsMetricsAutoConfigurationTests {

  private static final AutoConfigurations METER_REGISTRY =
      AutoConfigurations.of(
          MetricsAutoConfiguration.class,
          CompositeMeterRegistryAutoConfiguration.class,
          SimpleMetricsExportAutoConfiguration.class);

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  StreamExecutorsAutoConfiguration.class,
                  StreamExecutorsMetricsAutoConfiguration.class));

  @Test
  void defaultExecutorMetersAreTaggedDefaultWithDescriptionsAndBaseUnits() {
    this.contextRunner
        .withConfiguration(METER_REGISTRY)
        .run(
            (context) -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              for (String gauge :
                  List.of(
                      StreamExecutorsMeterBinder.QUEUE_DEPTH,
                      StreamExecutorsMeterBinder.IN_FLIGHT)) {
                Gauge meter = registry.get(gauge).tag("name", "default").gauge();
                assertThat(meter.value()).isZero();
                assertThat(meter.getId().getBaseUnit()).isEqualTo(BaseUnits.TASKS);
                assertThat(meter.getId().getDescription()).isNotBlank();
              }
              Gauge maps =
                  registry
                      .get(StreamExecutorsMeterBinder.ACTIVE_MAPS)
                      .tag("name", "default")
                      .gauge();
              assertThat(maps.getId().getBaseUnit()).isEqualTo("maps");
              for (String timer :
                  List.of(
                      StreamExecutorsMeterBinder.CONSUMER_WAIT,
                      StreamExecutorsMeterBinder.FEEDER_WAIT)) {
                Timer meter = registry.get(timer).tag("name", "default").timer();
                assertThat(meter.getId().getDescription()).isNotBlank();
                assertThat(meter.baseTimeUnit()).isNotNull();
              }
            });
  }

  @Test
  void binderSeesNamedExecutors() {
    this.contextRunner
        .withConfiguration(METER_REGISTRY)
        .withPropertyValues(
            "stream-executors.executors.io.buffer-size=2",
            "stream-executors.executors.cpu.buffer-size=3")
        .run(
            (context) -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              for (String name : List.of("default", "io", "cpu")) {
                assertThat(
                        registry
                            .find(StreamExecutorsMeterBinder.QUEUE_DEPTH)
                            .tag("name", name)
                            .gauge())
                    .as(name)
                    .isNotNull();
              }
            });
  }

  @Test
  void poolsGetStandardExecutorMetersTaggedWithTheirBeanName() {
    this.contextRunner
        .withConfiguration(METER_REGISTRY)
        .withPropertyValues(
            "stream-executors.pool.core-size=3", "stream-executors.executors.io.pool.core-size=5")
        .run(
            (context) -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(
                      registry
                          .get("executor.pool.core")
                          .tag("name", "streamTaskExecutor")
                          .gauge()
                          .value())
                  .isEqualTo(3);
              assertThat(
                      registry
                          .get("executor.pool.core")
                          .tag("name", "ioStreamTaskExecutor")
                          .gauge()
                          .value())
                  .isEqualTo(5);
            });
  }

  @Test
  void gaugesFollowAnOpenMap() {
    this.contextRunner
        .withConfiguration(METER_REGISTRY)
        .withPropertyValues("stream-executors.executors.io.buffer-size=2")
        .run(
            (context) -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              StreamTaskExecutor io =
                  context.getBean("ioStreamTaskExecutor", StreamTaskExecutor.class);
              try (Stream<Integer> results =
                  io.map(Function.identity(), Stream.iterate(0, (i) -> i + 1))) {
                Iterator<Integer> iterator = results.iterator();
                iterator.next();
                assertThat(gauge(registry, StreamExecutorsMeterBinder.ACTIVE_MAPS, "io"))
                    .isEqualTo(1);
                await()
                    .atMost(Duration.ofSeconds(10))
                    .until(
                        () -> gauge(registry, StreamExecutorsMeterBinder.QUEUE_DEPTH, "io") == 2);
              }
              assertThat(gauge(registry, StreamExecutorsMeterBinder.ACTIVE_MAPS, "io")).isZero();
            });
  }

  @Test
  void timersRecordConsumerAndFeederWaits() {
    this.contextRunner
        .withConfiguration(METER_REGISTRY)
        .run(
            (context) -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              StreamTaskExecutor executor = context.getBean(StreamTaskExecutor.class);
              CountDownLatch release = new CountDownLatch(1);
              Function<Integer, Integer> waitForRelease =
                  (i) -> {
                    try {
                      release.await();
                    } catch (InterruptedException ex) {
                      Thread.currentThread().interrupt();
                    }
                    return i;
                  };
              try (Stream<Integer> results =
                  executor.map(waitForRelease, Stream.iterate(0, (i) -> i + 1), 1)) {
                Iterator<Integer> iterator = results.iterator();
                new Thread(
                        () -> {
                          sleep(100);
                          release.countDown();
                        })
                    .start();
                iterator.next();
                iterator.next();
              }
              Timer consumerWait =
                  registry
                      .get(StreamExecutorsMeterBinder.CONSUMER_WAIT)
                      .tag("name", "default")
                      .timer();
              Timer feederWait =
                  registry
                      .get(StreamExecutorsMeterBinder.FEEDER_WAIT)
                      .tag("name", "default")
                      .timer();
              assertThat(consumerWait.count()).isPositive();
              assertThat(feederWait.count()).isPositive();
            });
  }

  @Test
  void userDefinedExecutorGetsStreamMetersWithoutPoolMeters() {
    this.contextRunner
        .withConfiguration(METER_REGISTRY)
        .withUserConfiguration(UserStreamExecutorConfiguration.class)
        .run(
            (context) -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(
                      registry
                          .find(StreamExecutorsMeterBinder.QUEUE_DEPTH)
                          .tag("name", "user")
                          .gauge())
                  .isNotNull();
              assertThat(registry.find("executor.pool.core").meters()).isEmpty();
            });
  }

  @Test
  void streamExecutorMetersCanBeDisabled() {
    this.contextRunner
        .withConfiguration(METER_REGISTRY)
        .withPropertyValues(
            "management.metrics.enable.stream.executor=false",
            "stream-executors.executors.io.buffer-size=2")
        .run(
            (context) -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              List<Meter> streamMeters =
                  registry.getMeters().stream()
                      .filter((meter) -> meter.getId().getName().startsWith("stream.executor"))
                      .toList();
              assertThat(streamMeters).isEmpty();
              StreamTaskExecutor executor = context.getBean(StreamTaskExecutor.class);
              try (Stream<Integer> results = executor.map(Function.identity(), List.of(1, 2, 3))) {
                assertThat(results).containsExactly(1, 2, 3);
              }
            });
  }

  @Test
  void executorsWorkWithoutMeterRegistryBean() {
    this.contextRunner.run(
        (context) -> {
          assertThat(context).doesNotHaveBean(StreamExecutorsMeterBinder.class);
          assertMaps(context.getBean(StreamTaskExecutor.class));
        });
  }

  @Test
  void metricsBackOffWhenStarterIsDisabled() {
    this.contextRunner
        .withConfiguration(METER_REGISTRY)
        .withPropertyValues("stream-executors.enabled=false")
        .run((context) -> assertThat(context).doesNotHaveBean(StreamExecutorsMeterBinder.class));
  }

  @Test
  void executorsWorkWithoutMicrometerOnTheClasspath() {
    this.contextRunner
        .withConfiguration(METER_REGISTRY)
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .withPropertyValues("stream-executors.executors.io.buffer-size=2")
        .run(
            (context) -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(StreamExecutorsMeterBinder.class);
              assertMaps(context.getBean(StreamTaskExecutor.class));
              assertMaps(context.getBean("ioStreamTaskExecutor", StreamTaskExecutor.class));
            });
  }

  private static void assertMaps(StreamTaskExecutor executor) {
    try (Stream<Integer> results = executor.map((i) -> i * 2, List.of(1, 2, 3))) {
      assertThat(results).containsExactly(2, 4, 6);
    }
  }

  private static double gauge(MeterRegistry registry, String name, String executor) {
    return registry.get(name).tag("name", executor).gauge().value();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserStreamExecutorConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    StreamTaskExecutor userStreamTaskExecutor() {
      return new StreamTaskExecutor(Executors.newFixedThreadPool(2), 4, "user");
    }
  }
}
