package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The strict bound: pulled - taken <= bufferSize at every moment, and an idle consumer lets the
 * feeder fill the buffer to exactly bufferSize; the executor's figures agree.
 */
class BackpressureTest {

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void shutDownPools() {
    executors.close();
    FeedingLoop.refillPatienceNanos = FeedingLoop.REFILL_PATIENCE_NANOS;
  }

  /** So that a refill cannot come from the feeder's patience running out. */
  private static void withoutRefillPatience() {
    FeedingLoop.refillPatienceNanos = FeedingLoop.NO_PATIENCE_TIMER;
  }

  static Stream<Arguments> overloadsAndBufferSizes() {
    return Arrays.stream(MapOverload.values())
        .flatMap(
            overload -> IntStream.of(1, 2, 7, 64).mapToObj(size -> Arguments.of(overload, size)));
  }

  @ParameterizedTest(name = "{0}, buffer size {1}")
  @MethodSource("overloadsAndBufferSizes")
  void boundHoldsAtEveryPullAndAfterEveryResult(MapOverload overload, int bufferSize) {
    StreamTaskExecutor executor = executors.executor(4, bufferSize);
    Reader<Integer> reader = new Reader<>();
    TestSource source = TestSource.infinite().checkBound(reader::requested, bufferSize);

    try (Stream<Integer> results = overload.map(executor, x -> x, source, bufferSize)) {
      reader.read(results);
      for (int i = 0; i < 300; i++) {
        assertThat(reader.next()).isEqualTo(i);
        // Between two reads the consumer holds every result it was given, so the bound is exact.
        assertThat(source.pulls() - reader.received()).isLessThanOrEqualTo(bufferSize);
        if (ThreadLocalRandom.current().nextInt(10) == 0) {
          Thread.yield();
        }
      }
    }
    assertThat(source.boundViolated()).as("a pull exceeded the bound").isFalse();
  }

  @ParameterizedTest(name = "{0}, buffer size {1}")
  @MethodSource("overloadsAndBufferSizes")
  void idleConsumerLetsTheFeederFillExactlyTheBuffer(MapOverload overload, int bufferSize) {
    StreamTaskExecutor executor = executors.executor(3, bufferSize);
    TestSource source = TestSource.infinite();

    try (Stream<Integer> results = overload.map(executor, x -> x, source, bufferSize)) {
      awaitFullBuffer(executor, source, bufferSize);
      assertThat(executor.queueDepth()).isEqualTo(bufferSize);

      Reader<Integer> reader = new Reader<>(results);
      assertThat(reader.take(3)).containsExactly(0, 1, 2);
      awaitFullBuffer(executor, source, 3 + bufferSize);
      assertThat(executor.queueDepth()).isEqualTo(bufferSize);
    }
  }

  /** Waits until the feeder waits for space, then checks it pulled exactly {@code pulls}. */
  private static void awaitFullBuffer(StreamTaskExecutor executor, TestSource source, long pulls) {
    eventually().until(() -> TestExecutors.feedersIdle(executor) && source.pulls() >= pulls);
    assertThat(source.pulls()).isEqualTo(pulls);
    assertThat(TestExecutors.feedersIdle(executor)).isTrue();
    assertThat(source.pulls()).isEqualTo(pulls);
  }

  @Test
  void aConsumerThatKeepsTakingWakesTheFeederOncePerRefillBatch() {
    withoutRefillPatience();
    int bufferSize = 800; // the feeder refills in batches of bufferSize / 8 = 100 slots
    int taken = 2_000;
    StreamTaskExecutor executor = executors.executor(2, bufferSize);
    AtomicInteger feederWaits = new AtomicInteger();
    executor.addWaitListener(
        new WaitListener() {
          @Override
          public void feederWaited(long nanos) {
            feederWaits.incrementAndGet();
          }
        });
    TestSource source = TestSource.infinite();

    try (Stream<Integer> results =
        MapOverload.ITERATOR_WITH_BUFFER_SIZE.map(executor, x -> x, source, bufferSize)) {
      awaitPulls(executor, source, bufferSize);
      assertThat(source.pulls()).isEqualTo(bufferSize);
      // Every result ready before the first take: a consumer that waits for a task lets the
      // feeder refill without a batch, which this test does not count on.
      eventually().until(() -> executor.inFlight() == 0);
      Iterator<Integer> it = results.iterator();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      for (int i = 0; i < taken; i++) {
        assertThat(it.next()).isEqualTo(i);
        // The consumer is the slow side: before each take, the feeder either has filled the
        // batch and waits again, or still waits for a whole batch to be free.
        while (!TestExecutors.feedersIdle(executor)) {
          assertThat(System.nanoTime()).as("the feeder settles").isLessThan(deadline);
          Thread.onSpinWait();
        }
      }
    }
    // One wait per batch (plus one per time the consumer had to wait for a task, when the feeder
    // takes what space there is); trailing the consumer slot by slot it would wait once per result.
    assertThat(feederWaits.get()).isBetween(1, taken / 20);
  }

  @Test
  void aConsumerWaitingForATaskLetsTheFeederRefillWithoutABatch() throws Exception {
    withoutRefillPatience();
    int bufferSize = 16; // refill batches of 2
    StreamTaskExecutor executor = executors.executor(4, bufferSize);
    CountDownLatch gate = new CountDownLatch(1);
    TestSource source = TestSource.infinite();
    Function<Integer, Integer> fn =
        x -> {
          if (x == 1) {
            TestExecutors.awaitUninterruptibly(gate);
          }
          return x;
        };

    try (Stream<Integer> results =
        MapOverload.ITERATOR_WITH_BUFFER_SIZE.map(executor, fn, source, bufferSize)) {
      awaitPulls(executor, source, bufferSize);
      Iterator<Integer> it = results.iterator();
      assertThat(it.next()).isZero();
      // Task 1 is held: the consumer waits for it with one slot free, and the pool should get the
      // next input now rather than when a second slot frees or the feeder's patience runs out.
      Thread consumer = new Thread(() -> assertThat(it.next()).isEqualTo(1), "waiting-consumer");
      consumer.start();
      awaitPulls(executor, source, bufferSize + 1);
      assertThat(source.pulls()).isEqualTo(bufferSize + 1);
      gate.countDown();
      consumer.join(TimeUnit.SECONDS.toMillis(20));
      assertThat(consumer.isAlive()).isFalse();
    } finally {
      gate.countDown();
    }
  }

  /** Waits until the feeder has pulled {@code pulls} inputs and waits for space again. */
  private static void awaitPulls(StreamTaskExecutor executor, TestSource source, long pulls) {
    eventually().until(() -> source.pulls() >= pulls && TestExecutors.feedersIdle(executor));
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void unboundedReadsAFiniteSourceFullyAhead(MapOverload overload) {
    int bufferSize = StreamTaskExecutor.UNBOUNDED;
    StreamTaskExecutor executor = executors.executor(3, bufferSize);
    TestSource source = TestSource.of(2_000);

    try (Stream<Integer> results = overload.map(executor, x -> x, source, bufferSize)) {
      // Nobody takes a result, yet the whole source is read.
      eventually()
          .until(() -> source.pulls() == 2_000 && TestExecutors.feederThreads(executor).isEmpty());
      assertThat(executor.queueDepth()).isEqualTo(2_000);
      assertThat(results.toList()).isEqualTo(IntStream.range(0, 2_000).boxed().toList());
    }
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void figuresCountTasksBlockedInThePoolAndResultsNotTaken(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(4, 3);
    CountDownLatch release = new CountDownLatch(1);
    TestSource source = TestSource.of(3);

    try (Stream<Integer> results = overload.map(executor, awaiting(release), source, 3)) {
      eventually().until(executor::inFlight, n -> n == 3);
      assertThat(executor.queueDepth()).isEqualTo(3);
      assertThat(executor.activeMaps()).isEqualTo(1);
      List<MapStatistics> maps = executor.openMaps();
      assertThat(maps).hasSize(1);
      assertThat(maps.get(0).bufferSize()).isEqualTo(3);
      assertThat(maps.get(0).queueDepth()).isEqualTo(3);
      assertThat(maps.get(0).inFlight()).isEqualTo(3);

      release.countDown();
      eventually().until(executor::inFlight, n -> n == 0);
      assertThat(executor.queueDepth()).isEqualTo(3);

      Reader<Integer> reader = new Reader<>(results);
      assertThat(reader.next()).isZero();
      assertThat(executor.queueDepth()).isEqualTo(2);
      assertThat(reader.take(5)).containsExactly(1, 2);
      assertThat(executor.activeMaps()).isZero();
      assertThat(executor.queueDepth()).isZero();
      assertThat(executor.openMaps()).isEmpty();
    }
  }

  @Test
  void inFlightCountsQueuedTasksAndFiguresSumOverMaps() {
    StreamTaskExecutor executor = executors.executor(2, 5);
    CountDownLatch release = new CountDownLatch(1);

    Stream<Integer> second = executor.map(awaiting(release), TestSource.infinite().asStream(), 4);
    try (Stream<Integer> first =
        executor.map(awaiting(release), TestSource.infinite().asIterable())) {
      eventually().until(executor::queueDepth, n -> n == 9);
      assertThat(executor.inFlight()).isEqualTo(9);
      assertThat(executor.activeMaps()).isEqualTo(2);
      assertThat(executor.openMaps()).extracting(MapStatistics::bufferSize).containsExactly(4, 5);

      second.close();
      assertThat(executor.activeMaps()).isEqualTo(1);
      assertThat(executor.queueDepth()).isEqualTo(5);
      assertThat(executor.inFlight()).isEqualTo(5);

      release.countDown();
      assertThat(first.limit(10).toList()).isEqualTo(IntStream.range(0, 10).boxed().toList());
    }
    assertThat(executor.activeMaps()).isZero();
  }

  private static Function<Integer, Integer> awaiting(CountDownLatch release) {
    return x -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return x;
    };
  }
}
