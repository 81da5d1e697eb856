package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The wait listener hears of actual waits only: the consumer's for a task, the feeder's for space.
 */
class WaitListenerTest {

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  /** Counts the waits reported to it (a listener's own exceptions are ignored by design). */
  static final class CountingListener implements WaitListener {
    final AtomicInteger consumerWaits = new AtomicInteger();
    final AtomicInteger feederWaits = new AtomicInteger();

    @Override
    public void consumerWaited(long nanos) {
      consumerWaits.incrementAndGet();
    }

    @Override
    public void feederWaited(long nanos) {
      feederWaits.incrementAndGet();
    }
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void consumerWaitForASlowTaskIsReported(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(2, 4);
    CountingListener listener = new CountingListener();
    executor.addWaitListener(listener);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Thread> consumer = new AtomicReference<>();
    ExecutorService consumerThread = executors.track(Executors.newSingleThreadExecutor());

    try (Stream<Integer> results =
        overload.map(
            executor,
            x -> {
              TestExecutors.awaitUninterruptibly(release);
              return x;
            },
            TestSource.infinite(),
            4)) {
      CompletableFuture<Integer> first =
          CompletableFuture.supplyAsync(
              () -> {
                consumer.set(Thread.currentThread());
                return results.iterator().next();
              },
              consumerThread);
      eventually()
          .until(() -> consumer.get() != null && TestExecutors.waitingForResult(consumer.get()));
      release.countDown();

      assertThat(first).succeedsWithin(TestExecutors.DEADLINE).isEqualTo(0);
      assertThat(listener.consumerWaits).hasValueGreaterThanOrEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void feederWaitForASlowConsumerIsReported(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(2, 1);
    CountingListener listener = new CountingListener();
    executor.addWaitListener(listener);

    try (Stream<Integer> results = overload.map(executor, x -> x, TestSource.infinite(), 1)) {
      eventually().until(() -> TestExecutors.feedersIdle(executor));
      assertThat(listener.feederWaits).hasValue(0);

      assertThat(results.iterator().next()).isZero();

      eventually().until(listener.feederWaits::get, n -> n >= 1);
    }
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void nothingIsReportedWhenNeitherSideWaits(MapOverload overload) {
    int bufferSize = StreamTaskExecutor.UNBOUNDED;
    StreamTaskExecutor executor = executors.executor(2, bufferSize);
    CountingListener listener = new CountingListener();
    executor.addWaitListener(listener);

    try (Stream<Integer> results = overload.map(executor, x -> x, TestSource.of(50), bufferSize)) {
      eventually()
          .until(
              () ->
                  executor.queueDepth() == 50
                      && executor.inFlight() == 0
                      && TestExecutors.feederThreads(executor).isEmpty());
      assertThat(results.toList()).isEqualTo(IntStream.range(0, 50).boxed().toList());
    }
    assertThat(listener.consumerWaits).hasValue(0);
    assertThat(listener.feederWaits).hasValue(0);
  }
}
