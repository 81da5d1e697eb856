package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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

  /** A known stretch of time, measured by the test, that a reported wait must cover. */
  private static final long HELD_NANOS = TimeUnit.MILLISECONDS.toNanos(30);

  /** Records the longest wait reported for each side. */
  static final class LongestWait implements WaitListener {
    final AtomicLong consumer = new AtomicLong(-1);
    final AtomicLong feeder = new AtomicLong(-1);

    @Override
    public void consumerWaited(long nanos) {
      consumer.accumulateAndGet(nanos, Math::max);
    }

    @Override
    public void feederWaited(long nanos) {
      feeder.accumulateAndGet(nanos, Math::max);
    }
  }

  @Test
  void theConsumersReportedWaitLastsAsLongAsItWaitedForTheTask() throws Exception {
    StreamTaskExecutor executor = executors.executor(2, 4);
    LongestWait listener = new LongestWait();
    executor.addWaitListener(listener);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Thread> consumer = new AtomicReference<>();
    ExecutorService consumerThread = executors.track(Executors.newSingleThreadExecutor());

    try (Stream<Integer> results =
        executor.map(
            x -> {
              TestExecutors.awaitUninterruptibly(release);
              return x;
            },
            TestSource.infinite().asIterator(),
            4)) {
      long[] callNanos = new long[1];
      CompletableFuture<Integer> first =
          CompletableFuture.supplyAsync(
              () -> {
                consumer.set(Thread.currentThread());
                long start = System.nanoTime();
                Integer value = results.iterator().next();
                callNanos[0] = System.nanoTime() - start;
                return value;
              },
              consumerThread);
      eventually()
          .until(() -> consumer.get() != null && TestExecutors.waitingForResult(consumer.get()));
      long waitingSince = System.nanoTime();
      holdFor(waitingSince);
      release.countDown();

      assertThat(first).succeedsWithin(TestExecutors.DEADLINE).isEqualTo(0);
      assertThat(listener.consumer.get()).isBetween(HELD_NANOS, callNanos[0]);
    } finally {
      release.countDown();
    }
  }

  @Test
  void theFeedersReportedWaitLastsAsLongAsTheBufferStayedFull() {
    long mapStart = System.nanoTime();
    StreamTaskExecutor executor = executors.executor(2, 1);
    LongestWait listener = new LongestWait();
    executor.addWaitListener(listener);

    try (Stream<Integer> results = executor.map(x -> x, TestSource.infinite().asIterator(), 1)) {
      eventually().until(() -> TestExecutors.feedersIdle(executor));
      holdFor(System.nanoTime());

      assertThat(results.iterator().next()).isZero();

      eventually().until(listener.feeder::get, nanos -> nanos >= 0);
      assertThat(listener.feeder.get()).isBetween(HELD_NANOS, System.nanoTime() - mapStart);
    }
  }

  @Test
  void twoListenersOnOneExecutorAreBothTold() {
    StreamTaskExecutor executor = executors.executor(2, 1);
    CountingListener first = new CountingListener();
    CountingListener second = new CountingListener();
    executor.addWaitListener(
        new WaitListener() {
          @Override
          public void feederWaited(long nanos) {
            throw new IllegalStateException("a listener that breaks its contract");
          }
        });
    executor.addWaitListener(first);
    executor.addWaitListener(second);

    try (Stream<Integer> results = executor.map(x -> x, TestSource.infinite().asIterator(), 1)) {
      eventually().until(() -> TestExecutors.feedersIdle(executor));

      assertThat(results.limit(3)).containsExactly(0, 1, 2);

      eventually().until(() -> first.feederWaits.get() >= 1 && second.feederWaits.get() >= 1);
    }
  }

  /** Spins until {@code HELD_NANOS} have passed since {@code since}. */
  private static void holdFor(long since) {
    while (System.nanoTime() - since < HELD_NANOS) {
      Thread.onSpinWait();
    }
  }
}
