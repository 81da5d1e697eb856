package io.github.streamexecutors.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.streamexecutors.StreamTaskExecutor;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class StreamExecutorsShutdownTests {

  private final ApplicationContextRunner contextRunner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(StreamExecutorsAutoConfiguration.class));

  @Test
  void contextCloseStopsEveryMap() {
    this.contextRunner
        .withPropertyValues("stream-executors.executors.io.buffer-size=2")
        .run(
            (context) -> {
              StreamTaskExecutor io =
                  context.getBean("ioStreamTaskExecutor", StreamTaskExecutor.class);
              StreamTaskExecutor defaultExecutor = context.getBean(StreamTaskExecutor.class);
              Stream<Integer> fromIo =
                  io.map(Function.identity(), Stream.iterate(0, (i) -> i + 1), 2);
              Stream<Integer> fromDefault =
                  defaultExecutor.map(Function.identity(), Stream.iterate(0, (i) -> i + 1), 2);
              var ioResults = fromIo.iterator();
              var defaultResults = fromDefault.iterator();
              assertThat(ioResults.next()).isZero();
              assertThat(defaultResults.next()).isZero();
              context.close();

              // Feeders run on shared threads, each named after its map only while it feeds.
              await()
                  .atMost(Duration.ofSeconds(10))
                  .until(
                      () -> feedingThreads("io").isEmpty() && feedingThreads("default").isEmpty());
              assertThat(io.isShutdown()).isTrue();
              assertThat(defaultExecutor.isShutdown()).isTrue();
              assertEndsOrRejects(ioResults);
              assertEndsOrRejects(defaultResults);
              assertThat(io.activeMaps()).isZero();
              assertThat(defaultExecutor.activeMaps()).isZero();
            });
  }

  @Test
  void awaitTerminationLetsRunningTasksCompleteOnClose() {
    this.contextRunner
        .withPropertyValues(
            "stream-executors.shutdown.await-termination=true",
            "stream-executors.shutdown.await-termination-period=10s")
        .run(
            (context) -> {
              StreamTaskExecutor executor = context.getBean(StreamTaskExecutor.class);
              CompletableFuture<String> slow = new CompletableFuture<>();
              executor.execute(
                  () -> {
                    sleep(300);
                    slow.complete("done");
                  });
              context.close();
              assertThat(slow).isCompletedWithValue("done");
              assertThat(executor.isTerminated()).isTrue();
            });
  }

  @Test
  void namedExecutorOverridesInheritedShutdownSettings() {
    this.contextRunner
        .withPropertyValues(
            "stream-executors.shutdown.await-termination=false",
            "stream-executors.executors.io.shutdown.await-termination=true",
            "stream-executors.executors.io.shutdown.await-termination-period=10s")
        .run(
            (context) -> {
              StreamTaskExecutor io =
                  context.getBean("ioStreamTaskExecutor", StreamTaskExecutor.class);
              StreamTaskExecutor defaultExecutor = context.getBean(StreamTaskExecutor.class);
              CountDownLatch started = new CountDownLatch(2);
              CompletableFuture<String> onIo = new CompletableFuture<>();
              CompletableFuture<String> onDefault = new CompletableFuture<>();
              io.execute(() -> runFor(300, started, onIo));
              defaultExecutor.execute(() -> runFor(10_000, started, onDefault));
              started.await();
              context.close();
              assertThat(onIo).isCompletedWithValue("done");
              assertThat(onDefault).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("interrupted");
            });
  }

  private static void runFor(
      long millis, CountDownLatch started, CompletableFuture<String> outcome) {
    started.countDown();
    try {
      Thread.sleep(millis);
      outcome.complete("done");
    } catch (InterruptedException ex) {
      outcome.complete("interrupted");
    }
  }

  private static void assertEndsOrRejects(Iterator<Integer> results) {
    try {
      while (results.hasNext()) {
        results.next();
      }
    } catch (RejectedExecutionException expected) {
      // The documented shutdown outcome: computed results, then the rejection.
    }
  }

  /** The threads feeding a map of the executor named {@code executorName} now. */
  private static List<Thread> feedingThreads(String executorName) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(
            (thread) ->
                thread.getName().startsWith("stream-executors-feeder-" + executorName + "-"))
        .collect(Collectors.toList());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }
}
