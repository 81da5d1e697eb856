package io.github.streamexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.streamexecutors.StreamTaskExecutor;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StreamExecutorsEndpointAutoConfigurationTests {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  StreamExecutorsAutoConfiguration.class,
                  StreamExecutorsEndpointAutoConfiguration.class));

  @Test
  void endpointIsNotAvailableUnlessExposed() {
    this.contextRunner.run(
        (context) -> assertThat(context).doesNotHaveBean(StreamExecutorsEndpoint.class));
  }

  @Test
  void endpointIsAvailableWhenExposedOverWeb() {
    this.contextRunner
        .withPropertyValues("management.endpoints.web.exposure.include=streamexecutors")
        .run((context) -> assertThat(context).hasSingleBean(StreamExecutorsEndpoint.class));
  }

  @Test
  void endpointBacksOffWhenStarterIsDisabled() {
    this.contextRunner
        .withPropertyValues(
            "management.endpoints.web.exposure.include=streamexecutors",
            "stream-executors.enabled=false")
        .run((context) -> assertThat(context).doesNotHaveBean(StreamExecutorsEndpoint.class));
  }

  @Test
  void endpointIsNotAvailableWithoutActuator() {
    this.contextRunner
        .withClassLoader(new FilteredClassLoader(Endpoint.class))
        .withPropertyValues("management.endpoints.web.exposure.include=streamexecutors")
        .run(
            (context) -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(StreamExecutorsEndpoint.class);
              assertThat(context).hasSingleBean(StreamTaskExecutor.class);
            });
  }

  @Test
  void endpointListsEveryExecutorWithConfigurationPoolAndOpenMaps() {
    this.contextRunner
        .withPropertyValues(
            "management.endpoints.web.exposure.include=streamexecutors",
            "stream-executors.pool.core-size=2",
            "stream-executors.executors.io.buffer-size=3",
            "stream-executors.executors.io.pool.core-size=4",
            "stream-executors.executors.io.pool.max-size=6",
            "stream-executors.executors.io.pool.queue-capacity=50")
        .run(
            (context) -> {
              StreamExecutorsEndpoint endpoint = context.getBean(StreamExecutorsEndpoint.class);
              StreamTaskExecutor io =
                  context.getBean("ioStreamTaskExecutor", StreamTaskExecutor.class);
              try (Stream<Integer> results =
                  io.map(Function.identity(), Stream.iterate(0, (i) -> i + 1))) {
                results.iterator().next();
                await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> io.openMaps().get(0).queueDepth() == 3);

                StreamExecutorsEndpoint.StreamExecutorsDescriptor all = endpoint.streamExecutors();
                assertThat(all.executors()).containsOnlyKeys("default", "io");
                StreamExecutorsEndpoint.ExecutorDescriptor defaultExecutor =
                    all.executors().get("default");
                assertThat(defaultExecutor.beanName()).isEqualTo("streamTaskExecutor");
                assertThat(defaultExecutor.bufferSize()).isEqualTo(10_000);
                assertThat(defaultExecutor.pool().coreSize()).isEqualTo(2);
                assertThat(defaultExecutor.openMaps()).isEmpty();

                StreamExecutorsEndpoint.ExecutorDescriptor ioExecutor =
                    endpoint.streamExecutor("io");
                assertThat(ioExecutor.beanName()).isEqualTo("ioStreamTaskExecutor");
                assertThat(ioExecutor.bufferSize()).isEqualTo(3);
                assertThat(ioExecutor.pool().coreSize()).isEqualTo(4);
                assertThat(ioExecutor.pool().maxSize()).isEqualTo(6);
                assertThat(ioExecutor.pool().queueCapacity()).isEqualTo(50);
                assertThat(ioExecutor.openMaps())
                    .singleElement()
                    .satisfies(
                        (map) -> {
                          assertThat(map.id()).isEqualTo(1);
                          assertThat(map.bufferSize()).isEqualTo(3);
                          assertThat(map.queueDepth()).isEqualTo(3);
                          assertThat(map.age()).isPositive();
                        });

                JsonNode json = JsonMapper.builder().build().valueToTree(all);
                JsonNode map = json.get("executors").get("io").get("openMaps").get(0);
                assertThat(map.get("bufferSize").asInt()).isEqualTo(3);
                assertThat(map.has("age")).isTrue();
                assertThat(json.get("executors").get("io").get("pool").get("maxSize").asInt())
                    .isEqualTo(6);
              }
              assertThat(endpoint.streamExecutor("io").openMaps()).isEmpty();
              assertThat(endpoint.streamExecutor("missing")).isNull();
            });
  }

  @Test
  void unboundedSizesAreNullInTheEndpointAndItsJson() {
    this.contextRunner
        .withPropertyValues(
            "management.endpoints.web.exposure.include=streamexecutors",
            "stream-executors.buffer-size=" + StreamTaskExecutor.UNBOUNDED)
        .run(
            (context) -> {
              StreamExecutorsEndpoint.ExecutorDescriptor executor =
                  context.getBean(StreamExecutorsEndpoint.class).streamExecutor("default");
              assertThat(executor.bufferSize()).isNull();
              assertThat(executor.pool().maxSize()).isNull();
              assertThat(executor.pool().queueCapacity()).isNull();
              assertThat(executor.pool().coreSize()).isEqualTo(8);
              JsonNode pool = JsonMapper.builder().build().valueToTree(executor).get("pool");
              assertThat(pool.get("maxSize").isNull()).isTrue();
              assertThat(pool.get("queueCapacity").isNull()).isTrue();
            });
  }
}
