package io.github.streamexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.streamexecutors.StreamTaskExecutor;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.util.ClassUtils;

/**
 * With Spring's {@link ContextPropagatingTaskDecorator} and a registered {@link
 * ThreadLocalAccessor}, every task and source read of a map sees the context of the thread that
 * called {@code map}, on the default executor and on named ones.
 */
class StreamExecutorsContextPropagationTests {

  private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

  private static final String KEY = "stream-executors.test.request";

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  TaskExecutionAutoConfiguration.class, StreamExecutorsAutoConfiguration.class))
          .withPropertyValues("stream-executors.executors.io.buffer-size=2");

  @BeforeAll
  static void registerAccessor() {
    ContextRegistry.getInstance().registerThreadLocalAccessor(KEY, REQUEST);
  }

  @AfterAll
  static void removeAccessor() {
    ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
  }

  @Test
  void mapsOfCallersWithDifferentContextsSeeTheirOwnOnTheDefaultExecutor() {
    this.contextRunner
        .withUserConfiguration(ContextPropagatingDecoratorConfiguration.class)
        .run((context) -> assertEachMapSeesItsCaller(context.getBean(StreamTaskExecutor.class)));
  }

  @Test
  void mapsOfCallersWithDifferentContextsSeeTheirOwnOnANamedExecutor() {
    this.contextRunner
        .withUserConfiguration(ContextPropagatingDecoratorConfiguration.class)
        .run((context) -> assertEachMapSeesItsCaller(io(context)));
  }

  @Test
  @EnabledIf("bootPropagatesContext")
  void propagateContextPropertyOfBoot41ReachesEveryExecutor() {
    this.contextRunner
        .withPropertyValues("spring.task.execution.propagate-context=true")
        .run(
            (context) -> {
              assertThat(context).hasSingleBean(ContextPropagatingTaskDecorator.class);
              assertEachMapSeesItsCaller(context.getBean(StreamTaskExecutor.class));
              assertEachMapSeesItsCaller(io(context));
            });
  }

  @Test
  void eachStageOfAPipelineSeesTheContextOfItsOwnMapCaller() {
    this.contextRunner
        .withUserConfiguration(ContextPropagatingDecoratorConfiguration.class)
        .run(
            (context) -> {
              StreamTaskExecutor io = io(context);
              StreamTaskExecutor cpu = context.getBean(StreamTaskExecutor.class);
              Queue<String> downloads = new ConcurrentLinkedQueue<>();
              Queue<String> counts = new ConcurrentLinkedQueue<>();
              REQUEST.set("download");
              Stream<Integer> downloaded =
                  io.map((x) -> record(downloads, x), IntStream.range(0, 30).boxed().toList());
              REQUEST.set("count");
              Stream<Integer> counted = cpu.map((x) -> record(counts, x), downloaded, 2);
              REQUEST.remove();
              try (counted) {
                assertThat(counted.count()).isEqualTo(30);
              }
              assertThat(downloads).hasSize(30).containsOnly("download");
              assertThat(counts).hasSize(30).containsOnly("count");
            });
  }

  @Test
  void theDecoratorRunsOncePerMapOnTheCallersThread() {
    this.contextRunner
        .withUserConfiguration(CountingDecoratorConfiguration.class)
        .run(
            (context) -> {
              StreamTaskExecutor executor = io(context);
              try (Stream<Integer> results =
                  executor.map((x) -> x, IntStream.range(0, 200).boxed().toList(), 4)) {
                assertThat(results.count()).isEqualTo(200);
              }
              assertThat(CountingDecoratorConfiguration.decoratedOn)
                  .containsExactly(Thread.currentThread());
              assertThat(CountingDecoratorConfiguration.runs.get()).isGreaterThanOrEqualTo(200);
            });
  }

  @Test
  void withoutATaskDecoratorTasksRunInThePoolThreadsOwnContext() {
    this.contextRunner.run(
        (context) -> {
          REQUEST.set("caller");
          try (Stream<String> results =
              context.getBean(StreamTaskExecutor.class).map((x) -> current(), List.of(1, 2))) {
            assertThat(results.toList()).containsOnly("null");
          } finally {
            REQUEST.remove();
          }
        });
  }

  @Test
  void aDecoratorThatDoesNotRunTheTaskFailsTheMapInsteadOfHangingIt() {
    this.contextRunner
        .withBean(TaskDecorator.class, () -> (task) -> () -> {})
        .run(
            (context) -> {
              try (Stream<Integer> results = io(context).map((x) -> x, List.of(1, 2))) {
                assertThatThrownBy(results::toList)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not run the task it decorated");
              }
            });
  }

  static boolean bootPropagatesContext() {
    return ClassUtils.isPresent(
        "org.springframework.boot.autoconfigure.task.TaskExecutorConfigurations"
            + "$TaskExecutorContextPropagationConfiguration",
        null);
  }

  /** Two callers with different contexts start a map each; both streams are read interleaved. */
  private static void assertEachMapSeesItsCaller(StreamTaskExecutor executor) throws Exception {
    Queue<String> readsA = new ConcurrentLinkedQueue<>();
    Queue<String> readsB = new ConcurrentLinkedQueue<>();
    Stream<String> a = onCallerWithContext("A", () -> mapTagged(executor, readsA));
    Stream<String> b = onCallerWithContext("B", () -> mapTagged(executor, readsB));
    List<String> fromA = new ArrayList<>();
    List<String> fromB = new ArrayList<>();
    try (a;
        b) {
      Iterator<String> itA = a.iterator();
      Iterator<String> itB = b.iterator();
      while (itA.hasNext() && itB.hasNext()) {
        fromA.add(itA.next());
        fromB.add(itB.next());
      }
      assertThat(itA.hasNext() || itB.hasNext()).isFalse();
    }
    assertThat(fromA).isEqualTo(IntStream.range(0, 50).mapToObj((x) -> "A" + x).toList());
    assertThat(fromB).isEqualTo(IntStream.range(0, 50).mapToObj((x) -> "B" + x).toList());
    assertThat(readsA).isNotEmpty().containsOnly("A");
    assertThat(readsB).isNotEmpty().containsOnly("B");
    assertThat(REQUEST.get()).isNull();
  }

  private static Stream<String> mapTagged(StreamTaskExecutor executor, Queue<String> reads) {
    Iterable<Integer> source =
        () -> IntStream.range(0, 50).peek((x) -> reads.add(current())).iterator();
    return executor.map((x) -> current() + x, source, 4);
  }

  private static <V> V onCallerWithContext(String request, Supplier<V> start) throws Exception {
    FutureTask<V> task =
        new FutureTask<>(
            () -> {
              REQUEST.set(request);
              return start.get();
            });
    Thread caller = new Thread(task, "caller-" + request);
    caller.start();
    caller.join();
    return task.get();
  }

  private static StreamTaskExecutor io(ApplicationContext context) {
    return context.getBean("ioStreamTaskExecutor", StreamTaskExecutor.class);
  }

  private static Integer record(Queue<String> seen, Integer x) {
    seen.add(current());
    return x;
  }

  private static String current() {
    return String.valueOf(REQUEST.get());
  }

  @Configuration(proxyBeanMethods = false)
  static class ContextPropagatingDecoratorConfiguration {

    @Bean
    ContextPropagatingTaskDecorator contextPropagatingTaskDecorator() {
      return new ContextPropagatingTaskDecorator();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class CountingDecoratorConfiguration {

    static final Queue<Thread> decoratedOn = new ConcurrentLinkedQueue<>();

    static final AtomicInteger runs = new AtomicInteger();

    @Bean
    TaskDecorator countingTaskDecorator() {
      decoratedOn.clear();
      runs.set(0);
      return (task) -> {
        decoratedOn.add(Thread.currentThread());
        return () -> {
          runs.incrementAndGet();
          task.run();
        };
      };
    }
  }
}
