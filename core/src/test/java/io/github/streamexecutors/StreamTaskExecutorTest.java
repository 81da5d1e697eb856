package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The facade itself: its builder's checks, and the ExecutorService it delegates. */
class StreamTaskExecutorTest {

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  @Test
  void theBuilderRejectsAMissingDelegateByName() {
    assertThatThrownBy(() -> StreamTaskExecutor.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("delegate");
  }

  @Test
  void theBuilderRejectsAMissingOrBlankName() {
    assertThatThrownBy(() -> StreamTaskExecutor.builder(executors.pool(1)).name(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> StreamTaskExecutor.builder(executors.pool(1)).name("").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("name must not be blank");
  }

  @Test
  void theBuilderRejectsAMissingPropagatorOrFeederExecutorByName() {
    StreamTaskExecutor.Builder builder = StreamTaskExecutor.builder(executors.pool(1));

    assertThatThrownBy(() -> builder.contextPropagator(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("contextPropagator");
    assertThatThrownBy(() -> builder.feederExecutor(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("feederExecutor");
  }

  @Test
  void theBuilderRejectsADefaultBufferBelowOneSayingWhatIsAllowed() {
    assertThatThrownBy(
            () -> StreamTaskExecutor.builder(executors.pool(1)).defaultBufferSize(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "defaultBufferSize must be at least 1, or StreamTaskExecutor.UNBOUNDED, was -1");
    assertThat(
            StreamTaskExecutor.builder(executors.pool(1))
                .defaultBufferSize(1)
                .build()
                .defaultBufferSize())
        .isEqualTo(1);
  }

  @Test
  void theBuilderDefaultsToTheDefaultNameAndBuffer() {
    StreamTaskExecutor executor = StreamTaskExecutor.builder(executors.pool(1)).build();

    assertThat(executor.name()).isEqualTo("default");
    assertThat(executor.defaultBufferSize()).isEqualTo(StreamTaskExecutor.DEFAULT_BUFFER_SIZE);
  }

  @Test
  void theFeederExecutorOfTheBuilderRunsTheFeeders() {
    AtomicInteger runs = new AtomicInteger();
    ExecutorService feeders = executors.track(Executors.newCachedThreadPool());
    StreamTaskExecutor executor =
        StreamTaskExecutor.builder(executors.pool(2))
            .name("own-feeders")
            .feederExecutor(
                task -> {
                  runs.incrementAndGet();
                  feeders.execute(task);
                })
            .build();
    TestSource source = TestSource.of(10);

    try (Stream<Integer> results = executor.map(x -> x, source.asIterator(), 100)) {
      assertThat(results.toList()).hasSize(10);
    }
    assertThat(runs).hasPositiveValue();
  }

  @Test
  void toStringNamesTheExecutorItsBufferAndItsOpenMaps() {
    ExecutorService pool = executors.pool(1);
    StreamTaskExecutor executor =
        StreamTaskExecutor.builder(pool).name("io").defaultBufferSize(7).build();

    assertThat(executor)
        .hasToString(
            "StreamTaskExecutor[name=io, defaultBufferSize=7, activeMaps=0, delegate="
                + pool
                + "]");
  }

  @Test
  void executeAndSubmitRunOnTheDelegate() throws Exception {
    ExecutorService pool = executors.pool(1);
    Thread poolThread = pool.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
    StreamTaskExecutor executor = executors.executor(pool, 4);
    CountDownLatch executed = new CountDownLatch(1);
    Thread[] ranOn = new Thread[3];

    executor.execute(
        () -> {
          ranOn[0] = Thread.currentThread();
          executed.countDown();
        });
    assertThat(executed.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(executor.submit(() -> "called").get(10, TimeUnit.SECONDS)).isEqualTo("called");
    assertThat(executor.submit(() -> ranOn[1] = Thread.currentThread(), "done").get())
        .isEqualTo("done");
    Runnable recordThread =
        () -> {
          ranOn[2] = Thread.currentThread();
        };
    assertThat(executor.submit(recordThread).get(10, TimeUnit.SECONDS)).isNull();

    assertThat(ranOn).containsOnly(poolThread);
  }

  @Test
  void invokeAllAndInvokeAnyRunOnTheDelegate() throws Exception {
    StreamTaskExecutor executor = executors.executor(2, 4);
    List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2);

    assertThat(executor.invokeAll(tasks)).extracting(f -> f.get()).containsExactly(1, 2);
    assertThat(executor.invokeAll(tasks, 10, TimeUnit.SECONDS))
        .extracting(f -> f.get())
        .containsExactly(1, 2);
    assertThat(executor.invokeAny(List.<Callable<Integer>>of(() -> 3))).isEqualTo(3);
    assertThat(executor.invokeAny(List.<Callable<Integer>>of(() -> 4), 10, TimeUnit.SECONDS))
        .isEqualTo(4);
  }

  @Test
  void shutdownAndTerminationAreTheDelegates() throws Exception {
    ExecutorService pool = executors.pool(1);
    StreamTaskExecutor executor = executors.executor(pool, 4);
    assertThat(executor.isShutdown()).isFalse();
    assertThat(executor.isTerminated()).isFalse();
    assertThat(executor.awaitTermination(1, TimeUnit.MILLISECONDS)).isFalse();

    executor.shutdown();

    assertThat(pool.isShutdown()).isTrue();
    assertThat(executor.isShutdown()).isTrue();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(executor.isTerminated()).isTrue();
  }

  @Test
  void shutdownNowHandsBackTheCallersOwnUnstartedTasks() throws Exception {
    ExecutorService pool = executors.pool(1);
    StreamTaskExecutor executor = executors.executor(pool, 4);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    executor.execute(
        () -> {
          started.countDown();
          TestExecutors.awaitUninterruptibly(release);
        });
    Runnable queued = () -> {};
    executor.execute(queued);
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    List<Runnable> neverStarted = executor.shutdownNow();
    release.countDown();

    assertThat(neverStarted).containsExactly(queued);
    assertThat(pool.isShutdown()).isTrue();
  }
}
