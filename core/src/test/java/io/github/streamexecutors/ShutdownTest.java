package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shutting down the executor, or its wrapped pool, while maps run: no blocking, the results
 * computed, then a {@link RejectedExecutionException}; never a hang or a silent truncation.
 */
class ShutdownTest {

  private static final Duration DOES_NOT_BLOCK = Duration.ofSeconds(5);
  private static final Duration NO_HANG = Duration.ofSeconds(15);

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  /** The ways to shut down a map's pool. */
  enum Shutdown {
    SHUTDOWN(StreamTaskExecutor::shutdown),
    SHUTDOWN_NOW(StreamTaskExecutor::shutdownNow),
    POOL_SHUTDOWN(executor -> executor.delegate().shutdown()),
    POOL_SHUTDOWN_NOW(executor -> executor.delegate().shutdownNow());

    private final Consumer<StreamTaskExecutor> action;

    Shutdown(Consumer<StreamTaskExecutor> action) {
      this.action = action;
    }

    void apply(StreamTaskExecutor executor) {
      assertTimeoutPreemptively(DOES_NOT_BLOCK, () -> action.accept(executor));
    }
  }

  static Stream<Arguments> overloadsAndShutdowns() {
    return Arrays.stream(MapOverload.values())
        .flatMap(
            overload ->
                Arrays.stream(Shutdown.values()).map(shutdown -> Arguments.of(overload, shutdown)));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("overloadsAndShutdowns")
  void consumerGetsTheComputedResultsThenARejection(MapOverload overload, Shutdown shutdown) {
    StreamTaskExecutor executor = executors.executor(2, 8);
    TestSource source = TestSource.infinite();

    try (Stream<Integer> results = overload.map(executor, ShutdownTest::slowly, source, 8)) {
      Reader<Integer> reader = new Reader<>(results);
      assertThat(reader.take(10)).isEqualTo(range(10));

      shutdown.apply(executor);

      List<Integer> rest = new ArrayList<>();
      assertTimeoutPreemptively(
          NO_HANG,
          () -> {
            assertThatThrownBy(
                    () -> {
                      while (reader.hasNext()) {
                        rest.add(reader.next());
                      }
                    })
                .isInstanceOf(RejectedExecutionException.class);
            assertThat(reader.hasNext()).isFalse();
          });
      assertThat(rest).isEqualTo(IntStream.range(10, 10 + rest.size()).boxed().toList());
      assertThat(executor.activeMaps()).isZero();
      assertThat(source.closes()).isEqualTo(1);
      eventually().until(() -> TestExecutors.feederThreads(executor).isEmpty());
    }
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("overloadsAndShutdowns")
  void mapAfterShutdownIsRejectedAtTheCall(MapOverload overload, Shutdown shutdown) {
    StreamTaskExecutor executor = executors.executor(2, 3);
    shutdown.apply(executor);
    TestSource source = TestSource.infinite();

    assertThatThrownBy(() -> overload.map(executor, x -> x, source, 3))
        .isInstanceOf(RejectedExecutionException.class);
    assertThat(TestExecutors.feederThreads(executor)).isEmpty();
    assertThat(executor.activeMaps()).isZero();
    assertThat(source.openedOn()).isNull();
    assertThat(source.pulls()).isZero();
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void shutdownWakesAConsumerWaitingForABlockedSource(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(2, 3);
    CountDownLatch never = new CountDownLatch(1);
    TestSource source = TestSource.infinite().blockAt(TestSource.Point.HAS_NEXT, never);

    try (Stream<Integer> results = overload.map(executor, x -> x, source, 3)) {
      Reader<Integer> reader = new Reader<>(results);
      eventually().until(source::blockedOn, thread -> thread != null);

      Shutdown.SHUTDOWN.apply(executor);

      assertTimeoutPreemptively(
          NO_HANG,
          () -> assertThatThrownBy(reader::next).isInstanceOf(RejectedExecutionException.class));
      assertThat(reader.received()).isZero();
      eventually().until(() -> TestExecutors.feederThreads(executor).isEmpty());
    }
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void poolThatDropsTasksAfterShutdownStillEndsTheConsumer(MapOverload overload) {
    // CallerRunsPolicy discards, silently, what is submitted after a shutdown.
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(4),
            new ThreadPoolExecutor.CallerRunsPolicy());
    StreamTaskExecutor executor = executors.executor(pool, 4);
    CountDownLatch gate = new CountDownLatch(1);
    TestSource source = TestSource.infinite().blockAt(TestSource.Point.NEXT, gate);

    try (Stream<Integer> results = overload.map(executor, x -> x, source, 4)) {
      eventually().until(source::blockedOn, thread -> thread != null);
      pool.shutdown();
      gate.countDown();

      assertTimeoutPreemptively(
          NO_HANG,
          () ->
              assertThatThrownBy(() -> results.iterator().next())
                  .isInstanceOf(RejectedExecutionException.class));
    }
  }

  @Test
  void shutdownDeliversEveryResultAlreadySubmittedThenTheRejection() {
    StreamTaskExecutor executor = executors.executor(1, 8);
    CountDownLatch release = new CountDownLatch(1);
    TestSource source = TestSource.infinite();

    try (Stream<Integer> results =
        executor.map(
            (Integer x) -> {
              TestExecutors.awaitUninterruptibly(release);
              return x;
            },
            source.asIterator(),
            8)) {
      // Eight tasks submitted to a pool of one: one running, seven queued.
      eventually().until(() -> source.pulls() == 8 && TestExecutors.feedersIdle(executor));
      Shutdown.SHUTDOWN.apply(executor);
      release.countDown();

      Reader<Integer> reader = new Reader<>(results);
      List<Integer> received = new ArrayList<>();
      assertTimeoutPreemptively(
          NO_HANG,
          () ->
              assertThatThrownBy(
                      () -> {
                        while (reader.hasNext()) {
                          received.add(reader.next());
                        }
                      })
                  .isInstanceOf(RejectedExecutionException.class));
      assertThat(received).isEqualTo(range(8));
      assertThat(source.pulls()).isEqualTo(8);
    } finally {
      release.countDown();
    }
  }

  @Test
  void shutdownNowDeliversOnlyTheResultsAlreadyRunningThenTheRejection() {
    StreamTaskExecutor executor = executors.executor(1, 8);
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TestSource source = TestSource.infinite();

    try (Stream<Integer> results =
        executor.map(
            (Integer x) -> {
              running.countDown();
              TestExecutors.awaitUninterruptibly(release);
              return x;
            },
            source.asIterator(),
            8)) {
      eventually()
          .until(
              () ->
                  source.pulls() == 8
                      && TestExecutors.feedersIdle(executor)
                      && running.getCount() == 0);
      Shutdown.SHUTDOWN_NOW.apply(executor);
      release.countDown();

      Reader<Integer> reader = new Reader<>(results);
      assertTimeoutPreemptively(
          NO_HANG,
          () -> {
            assertThat(reader.next()).isZero();
            assertThatThrownBy(reader::next).isInstanceOf(RejectedExecutionException.class);
          });
      assertThat(source.pulls()).isEqualTo(8);
    } finally {
      release.countDown();
    }
  }

  @Test
  void shutdownsAtRandomMomentsNeverHangOrTruncate() {
    SplittableRandom random = new SplittableRandom();
    for (int i = 0; i < 150; i++) {
      int poolSize = 1 + random.nextInt(4);
      int bufferSize = 1 + random.nextInt(8);
      MapOverload overload = MapOverload.values()[random.nextInt(MapOverload.values().length)];
      Shutdown shutdown = Shutdown.values()[random.nextInt(Shutdown.values().length)];
      int size = random.nextInt(60);
      long pauseNanos = random.nextLong(TimeUnit.MICROSECONDS.toNanos(300));
      String scenario =
          String.format(
              "pool %d, buffer %d, %s, %s, size %d",
              poolSize, bufferSize, overload, shutdown, size);
      StreamTaskExecutor executor = executors.executor(poolSize, bufferSize);
      TestSource source = TestSource.of(size);
      List<Integer> received = new ArrayList<>();

      try (Stream<Integer> results =
          overload.map(
              executor,
              x -> {
                LockSupport.parkNanos(pauseNanos);
                return x;
              },
              source,
              bufferSize)) {
        Thread shutter = new Thread(() -> shutdown.action.accept(executor), "shutter");
        shutter.start();
        Reader<Integer> reader = new Reader<>(results);
        assertTimeoutPreemptively(
            NO_HANG,
            () -> {
              try {
                while (reader.hasNext()) {
                  received.add(reader.next());
                }
                assertThat(received).as("ended without a rejection: " + scenario).hasSize(size);
              } catch (RejectedExecutionException rejected) {
                assertThat(reader.hasNext()).as(scenario).isFalse();
              }
              shutter.join();
            },
            scenario);
      }
      assertThat(received).as(scenario).isEqualTo(range(received.size()));
      assertThat(source.closes()).as(scenario).isEqualTo(1);
      eventually().until(() -> TestExecutors.feederThreads(executor).isEmpty());
    }
  }

  @Test
  void constructorRejectsPoolsThatDiscardSilently() {
    for (RejectedExecutionHandler handler :
        List.of(
            new ThreadPoolExecutor.DiscardPolicy(), new ThreadPoolExecutor.DiscardOldestPolicy())) {
      ExecutorService pool =
          executors.track(
              new ThreadPoolExecutor(
                  1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), handler));
      assertThatThrownBy(() -> new StreamTaskExecutor(pool))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(handler.getClass().getSimpleName())
          .hasMessageContaining("AbortPolicy");
    }
  }

  private static int slowly(int x) {
    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(300));
    return x;
  }

  private static List<Integer> range(int count) {
    return IntStream.range(0, count).boxed().toList();
  }
}
