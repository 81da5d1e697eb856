package io.github.streamexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.streamexecutors.StreamTaskExecutor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

class StreamExecutorsAutoConfigurationTests {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  TaskExecutionAutoConfiguration.class, StreamExecutorsAutoConfiguration.class));

  @Test
  void defaultExecutorIsAutoConfiguredWithDefaultSettings() {
    this.contextRunner.run(
        (context) -> {
          assertThat(context).hasSingleBean(StreamTaskExecutor.class);
          StreamTaskExecutor executor = context.getBean(StreamTaskExecutor.class);
          assertThat(executor.name()).isEqualTo("default");
          assertThat(executor.defaultBufferSize()).isEqualTo(10_000);
          assertThat(pool(context, "streamTaskExecutor").getCorePoolSize()).isEqualTo(8);
          assertThat(threadName(executor)).startsWith("stream-");
        });
  }

  @Test
  void defaultExecutorUsesConfiguredProperties() {
    this.contextRunner
        .withPropertyValues(
            "stream-executors.buffer-size=7",
            "stream-executors.thread-name-prefix=mine-",
            "stream-executors.pool.core-size=3",
            "stream-executors.pool.max-size=5",
            "stream-executors.pool.queue-capacity=10",
            "stream-executors.pool.keep-alive=5s",
            "stream-executors.pool.allow-core-thread-timeout=false")
        .run(
            (context) -> {
              StreamTaskExecutor executor = context.getBean(StreamTaskExecutor.class);
              assertThat(executor.defaultBufferSize()).isEqualTo(7);
              ThreadPoolExecutor pool = pool(context, "streamTaskExecutor");
              assertThat(pool.getCorePoolSize()).isEqualTo(3);
              assertThat(pool.getMaximumPoolSize()).isEqualTo(5);
              assertThat(pool.getQueue().remainingCapacity()).isEqualTo(10);
              assertThat(pool.getKeepAliveTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(5);
              assertThat(pool.allowsCoreThreadTimeOut()).isFalse();
              assertThat(threadName(executor)).startsWith("mine-");
            });
  }

  @Test
  void starterBacksOffWhenDisabled() {
    this.contextRunner
        .withPropertyValues(
            "stream-executors.enabled=false", "stream-executors.executors.io.buffer-size=2")
        .run(
            (context) -> {
              assertThat(context).doesNotHaveBean(StreamTaskExecutor.class);
              assertThat(context).doesNotHaveBean(StreamExecutorsProperties.class);
            });
  }

  @Test
  void defaultExecutorBacksOffWhenUserDefinesOne() {
    this.contextRunner
        .withUserConfiguration(UserStreamExecutorConfiguration.class)
        .run(
            (context) -> {
              assertThat(context).hasSingleBean(StreamTaskExecutor.class);
              assertThat(context.getBean(StreamTaskExecutor.class).name()).isEqualTo("user");
              assertThat(context).doesNotHaveBean("streamTaskExecutor");
            });
  }

  @Test
  void userExecutorServiceStillInjectsByType() {
    this.contextRunner
        .withUserConfiguration(UserExecutorServiceConfiguration.class, ExecutorConsumer.class)
        .run(
            (context) -> {
              ExecutorService user = context.getBean("userExecutorService", ExecutorService.class);
              ExecutorConsumer consumer = context.getBean(ExecutorConsumer.class);
              assertThat(consumer.executorService).isSameAs(user);
              assertThat(consumer.executor).isSameAs(user);
              assertThat(context).hasSingleBean(StreamTaskExecutor.class);
            });
  }

  @Test
  void applicationTaskExecutorStaysWithoutNamedExecutors() {
    this.contextRunner.run(
        (context) ->
            assertThat(context)
                .hasBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME));
  }

  @Test
  void applicationTaskExecutorStaysWithNamedExecutors() {
    this.contextRunner
        .withPropertyValues(
            "stream-executors.executors.io.buffer-size=2",
            "stream-executors.executors.cpu.buffer-size=3")
        .run(
            (context) ->
                assertThat(context)
                    .hasBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME));
  }

  @Test
  void asyncMethodsRunOnApplicationTaskExecutor() {
    this.contextRunner
        .withPropertyValues("stream-executors.executors.io.buffer-size=2")
        .withUserConfiguration(AsyncConfiguration.class)
        .run(
            (context) -> {
              String thread = context.getBean(AsyncService.class).threadName().get();
              assertThat(thread).startsWith("task-");
            });
  }

  @Test
  void namedExecutorInheritsDefaultsAndOverridesItsOwnSettings() {
    this.contextRunner
        .withPropertyValues(
            "stream-executors.buffer-size=50",
            "stream-executors.pool.core-size=4",
            "stream-executors.pool.keep-alive=7s",
            "stream-executors.executors.io.pool.core-size=32",
            "stream-executors.executors.cpu.buffer-size=100",
            "stream-executors.executors.cpu.thread-name-prefix=compute-")
        .run(
            (context) -> {
              StreamTaskExecutor io =
                  context.getBean("ioStreamTaskExecutor", StreamTaskExecutor.class);
              assertThat(io.name()).isEqualTo("io");
              assertThat(io.defaultBufferSize()).isEqualTo(50);
              ThreadPoolExecutor ioPool = pool(context, "ioStreamTaskExecutor");
              assertThat(ioPool.getCorePoolSize()).isEqualTo(32);
              assertThat(ioPool.getKeepAliveTime(java.util.concurrent.TimeUnit.SECONDS))
                  .isEqualTo(7);
              assertThat(threadName(io)).startsWith("stream-io-");
              StreamTaskExecutor cpu =
                  context.getBean("cpuStreamTaskExecutor", StreamTaskExecutor.class);
              assertThat(cpu.defaultBufferSize()).isEqualTo(100);
              assertThat(pool(context, "cpuStreamTaskExecutor").getCorePoolSize()).isEqualTo(4);
              assertThat(threadName(cpu)).startsWith("compute-");
            });
  }

  @Test
  void namedExecutorsAreInjectableWithQualifierAndNeverUnqualified() {
    this.contextRunner
        .withPropertyValues(
            "stream-executors.executors.io.buffer-size=2",
            "stream-executors.executors.cpu.buffer-size=3")
        .withUserConfiguration(StreamExecutorConsumer.class)
        .run(
            (context) -> {
              StreamExecutorConsumer consumer = context.getBean(StreamExecutorConsumer.class);
              assertThat(consumer.defaultExecutor.name()).isEqualTo("default");
              assertThat(consumer.io.name()).isEqualTo("io");
              assertThat(consumer.cpu.name()).isEqualTo("cpu");
              assertThat(consumer.executorService).isSameAs(consumer.defaultExecutor);
            });
  }

  @Test
  void getBeanByTypeGivesDefaultExecutorWithOneNamedExecutor() {
    this.contextRunner
        .withPropertyValues("stream-executors.executors.io.buffer-size=2")
        .run(
            (context) -> {
              assertThat(context.getBean(StreamTaskExecutor.class).name()).isEqualTo("default");
              assertThat(context.getBean(ExecutorService.class))
                  .isSameAs(context.getBean("streamTaskExecutor"));
            });
  }

  @Test
  void autowiredGivesDefaultExecutorWithOneNamedExecutor() {
    this.contextRunner
        .withPropertyValues("stream-executors.executors.io.buffer-size=2")
        .withUserConfiguration(DefaultStreamExecutorConsumer.class)
        .run(
            (context) ->
                assertThat(context.getBean(DefaultStreamExecutorConsumer.class).executor.name())
                    .isEqualTo("default"));
  }

  @Test
  void userExecutorIsTheUnqualifiedOneNextToNamedExecutors() {
    this.contextRunner
        .withPropertyValues("stream-executors.executors.io.buffer-size=2")
        .withUserConfiguration(
            UserStreamExecutorConfiguration.class, DefaultStreamExecutorConsumer.class)
        .run(
            (context) -> {
              assertThat(context.getBean(StreamTaskExecutor.class).name()).isEqualTo("user");
              assertThat(context.getBean(DefaultStreamExecutorConsumer.class).executor.name())
                  .isEqualTo("user");
              assertThat(context.getBean("ioStreamTaskExecutor", StreamTaskExecutor.class).name())
                  .isEqualTo("io");
            });
  }

  @Test
  void getBeanByTypeGivesDefaultExecutorWithSeveralNamedExecutors() {
    this.contextRunner
        .withPropertyValues(
            "stream-executors.executors.io.buffer-size=2",
            "stream-executors.executors.cpu.buffer-size=3")
        .run(
            (context) ->
                assertThat(context.getBean(StreamTaskExecutor.class).name()).isEqualTo("default"));
  }

  @Test
  void taskDecoratorsAreAppliedToPoolTasks() {
    this.contextRunner
        .withPropertyValues("stream-executors.executors.io.buffer-size=2")
        .withUserConfiguration(TaskDecoratorConfiguration.class)
        .run(
            (context) -> {
              StreamTaskExecutor io =
                  context.getBean("ioStreamTaskExecutor", StreamTaskExecutor.class);
              StreamTaskExecutor defaultExecutor = context.getBean(StreamTaskExecutor.class);
              Function<Integer, String> readMarker = (i) -> TaskDecoratorConfiguration.MARKER.get();
              try (Stream<String> results = io.map(readMarker, List.of(1, 2))) {
                assertThat(results).containsExactly("decorated", "decorated");
              }
              try (Stream<String> results = defaultExecutor.map(readMarker, List.of(1))) {
                assertThat(results).containsExactly("decorated");
              }
            });
  }

  @Test
  @EnabledForJreRange(max = JRE.JAVA_20)
  void virtualThreadsPropertyIsIgnoredBeforeJava21() {
    this.contextRunner
        .withPropertyValues("spring.threads.virtual.enabled=true")
        .run(
            (context) ->
                assertThat(isVirtual(context.getBean(StreamTaskExecutor.class))).isFalse());
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void virtualThreadsRunPoolTasksWhenEnabled() {
    this.contextRunner
        .withPropertyValues(
            "spring.threads.virtual.enabled=true", "stream-executors.executors.io.buffer-size=2")
        .run(
            (context) -> {
              assertThat(isVirtual(context.getBean(StreamTaskExecutor.class))).isTrue();
              assertThat(
                      isVirtual(context.getBean("ioStreamTaskExecutor", StreamTaskExecutor.class)))
                  .isTrue();
            });
  }

  @Test
  @EnabledForJreRange(min = JRE.JAVA_21)
  void virtualThreadsRunFeedersWhenEnabled() {
    this.contextRunner
        .withPropertyValues("spring.threads.virtual.enabled=true")
        .run(
            (context) -> {
              StreamTaskExecutor executor = context.getBean(StreamTaskExecutor.class);
              List<Boolean> sourceReadOnVirtual =
                  executor
                      .map(
                          (Boolean virtual) -> virtual,
                          Stream.of(1, 2, 3).map((x) -> isVirtualUnchecked(Thread.currentThread())),
                          4)
                      .toList();
              assertThat(sourceReadOnVirtual).containsExactly(true, true, true);
            });
  }

  private static boolean isVirtualUnchecked(Thread thread) {
    try {
      return isVirtual(thread);
    } catch (ReflectiveOperationException ex) {
      throw new IllegalStateException(ex);
    }
  }

  static ThreadPoolExecutor pool(
      org.springframework.context.ApplicationContext context, String beanName) {
    return context
        .getBean("&" + beanName, StreamTaskExecutorFactoryBean.class)
        .pool()
        .getThreadPoolExecutor();
  }

  private static String threadName(StreamTaskExecutor executor) throws Exception {
    return executor.submit(() -> Thread.currentThread().getName()).get();
  }

  private static boolean isVirtual(StreamTaskExecutor executor) throws Exception {
    return executor.submit(() -> isVirtual(Thread.currentThread())).get();
  }

  private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
    try {
      return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    } catch (NoSuchMethodException beforeJava21) {
      return false;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserStreamExecutorConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    StreamTaskExecutor userStreamTaskExecutor() {
      return new StreamTaskExecutor(Executors.newFixedThreadPool(2), 4, "user");
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UserExecutorServiceConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService userExecutorService() {
      return Executors.newSingleThreadExecutor();
    }
  }

  static class ExecutorConsumer {

    @Autowired ExecutorService executorService;

    @Autowired java.util.concurrent.Executor executor;
  }

  static class DefaultStreamExecutorConsumer {

    @Autowired StreamTaskExecutor executor;
  }

  static class StreamExecutorConsumer {

    @Autowired StreamTaskExecutor defaultExecutor;

    @Autowired
    @Qualifier("io")
    StreamTaskExecutor io;

    @Autowired
    @Qualifier("cpu")
    StreamTaskExecutor cpu;

    @Autowired ExecutorService executorService;
  }

  @Configuration(proxyBeanMethods = false)
  @EnableAsync
  static class AsyncConfiguration {

    @Bean
    AsyncService asyncService() {
      return new AsyncService();
    }
  }

  static class AsyncService {

    @Async
    public CompletableFuture<String> threadName() {
      return CompletableFuture.completedFuture(Thread.currentThread().getName());
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class TaskDecoratorConfiguration {

    static final ThreadLocal<String> MARKER = new ThreadLocal<>();

    @Bean
    TaskDecorator markingTaskDecorator() {
      return (task) ->
          () -> {
            MARKER.set("decorated");
            try {
              task.run();
            } finally {
              MARKER.remove();
            }
          };
    }
  }
}
