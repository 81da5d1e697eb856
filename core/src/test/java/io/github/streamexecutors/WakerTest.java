package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every blocking point has a waker. The consumer's periodic pool check and the feeder's refill
 * patience are switched off here (except where the patience is what is tested), so a wait ends only
 * when its waker wakes it: each test hangs past its bound when that wake-up is removed.
 */
class WakerTest {

  private static final Duration BOUND = Duration.ofSeconds(10);

  private final TestExecutors executors = new TestExecutors();
  private final AtomicReference<Thread> consumer = new AtomicReference<>();

  @BeforeEach
  void switchPeriodicChecksOff() {
    OrderedResults.poolCheckNanos = OrderedResults.NO_POOL_CHECK;
    FeedingLoop.refillPatienceNanos = FeedingLoop.NO_PATIENCE_TIMER;
  }

  @AfterEach
  void restore() {
    OrderedResults.poolCheckNanos = OrderedResults.POOL_CHECK_NANOS;
    FeedingLoop.refillPatienceNanos = FeedingLoop.REFILL_PATIENCE_NANOS;
    executors.close();
  }

  @Test
  void closeFromAnotherThreadWakesAConsumerWaitingForATask() {
    StreamTaskExecutor executor = executors.executor(2, 4);
    CountDownLatch gate = new CountDownLatch(1);
    Stream<Integer> results =
        executor.map(
            (Integer x) -> {
              TestExecutors.awaitUninterruptibly(gate);
              return x;
            },
            TestSource.infinite().asIterator(),
            4);
    try {
      asConsumer(
          () -> {
            whenConsumerWaits(results::close);
            assertThat(results.iterator().hasNext()).isFalse();
          });
    } finally {
      gate.countDown();
    }
  }

  @Test
  void shutdownWakesAConsumerWaitingForTheNextInput() {
    StreamTaskExecutor executor = executors.executor(2, 4);
    CountDownLatch gate = new CountDownLatch(1);
    TestSource source = TestSource.infinite().blockAt(TestSource.Point.HAS_NEXT, gate);
    try (Stream<Integer> results = executor.map(x -> x, source.asIterator(), 4)) {
      asConsumer(
          () -> {
            whenConsumerWaits(executor::shutdown);
            assertThatThrownBy(() -> results.iterator().hasNext())
                .isInstanceOf(RejectedExecutionException.class);
          });
    } finally {
      gate.countDown();
    }
  }

  @Test
  void shutdownNowWakesAConsumerWaitingForATaskThatWillNeverStart() {
    // A ForkJoinPool hands none of its queued tasks back from shutdownNow(): only the consumer,
    // once woken, can fail the task it waits for.
    ForkJoinPool pool = executors.track(new ForkJoinPool(1));
    StreamTaskExecutor executor = executors.executor(pool, 4);
    CountDownLatch gate = new CountDownLatch(1);
    pool.execute(() -> TestExecutors.awaitUninterruptibly(gate));
    try (Stream<Integer> results = executor.map(x -> x, TestSource.of(3).asIterator(), 4)) {
      asConsumer(
          () -> {
            whenConsumerWaits(executor::shutdownNow);
            assertThatThrownBy(() -> results.iterator().next())
                .isInstanceOf(RejectedExecutionException.class);
          });
    } finally {
      gate.countDown();
    }
  }

  @Test
  void eachResultOfARunningGroupWakesTheConsumer() {
    StreamTaskExecutor executor = executors.executor(2, 16);
    int inputs = 8;
    AtomicInteger taken = new AtomicInteger();
    MapOptions options = MapOptions.defaults().withBufferSize(16).withChunkSize(inputs);
    asConsumer(
        () -> {
          Thread me = consumer.get();
          // Each input is computed only once the consumer holds every earlier result and waits
          // again: only the group's wake-up after each result lets the consumer go on.
          try (Stream<Integer> results =
              executor.map(
                  (Integer x) -> {
                    while (taken.get() < x || !TestExecutors.waitingForResult(me)) {
                      LockSupport.parkNanos(50_000);
                    }
                    return x;
                  },
                  TestSource.of(inputs).asIterator(),
                  options)) {
            results.forEach(x -> taken.incrementAndGet());
          }
          assertThat(taken).hasValue(inputs);
        });
  }

  @Test
  void aRefusedTaskWakesTheConsumerWaitingForIt() {
    // Refuses only once the consumer waits for the task being refused.
    ExecutorService refusingPool =
        executors.track(
            new AbstractExecutorService() {
              private volatile boolean shutdown;

              @Override
              public void execute(Runnable task) {
                Thread waiting = consumer.get();
                while (waiting == null || !TestExecutors.waitingForResult(waiting)) {
                  LockSupport.parkNanos(50_000);
                  waiting = consumer.get();
                }
                throw new RejectedExecutionException("refused");
              }

              @Override
              public void shutdown() {
                shutdown = true;
              }

              @Override
              public List<Runnable> shutdownNow() {
                shutdown = true;
                return List.of();
              }

              @Override
              public boolean isShutdown() {
                return shutdown;
              }

              @Override
              public boolean isTerminated() {
                return shutdown;
              }

              @Override
              public boolean awaitTermination(long timeout, TimeUnit unit) {
                return shutdown;
              }
            });
    StreamTaskExecutor executor = executors.executor(refusingPool, 4);
    try (Stream<Integer> results = executor.map(x -> x, TestSource.infinite().asIterator(), 4)) {
      asConsumer(
          () ->
              assertThatThrownBy(() -> results.iterator().next())
                  .isInstanceOf(RejectedExecutionException.class)
                  .hasMessage("refused"));
    }
  }

  @Test
  void takingAResultResumesAnIdleFeeder() {
    StreamTaskExecutor executor = executors.executor(2, 4);
    TestSource source = TestSource.infinite();
    try (Stream<Integer> results = executor.map(x -> x, source.asIterator(), 4)) {
      Iterator<Integer> it = results.iterator();
      for (int taken = 0; taken < 20; taken++) {
        // Every result is ready, so the consumer takes without waiting: only the take itself
        // can resume the feeder, which refills batches of one slot at this buffer size.
        long pulls = 4 + taken;
        eventually()
            .until(
                () ->
                    source.pulls() == pulls
                        && TestExecutors.feedersIdle(executor)
                        && executor.inFlight() == 0);
        assertThat(it.next()).isEqualTo(taken);
      }
    }
  }

  @Test
  void aPausedConsumerFindsTheBufferFullAfterTheRefillPatience() {
    FeedingLoop.refillPatienceNanos = FeedingLoop.REFILL_PATIENCE_NANOS;
    int bufferSize = 64; // refill batches of 8: one take alone does not resume the feeder
    StreamTaskExecutor executor = executors.executor(2, bufferSize);
    TestSource source = TestSource.infinite();
    try (Stream<Integer> results = executor.map(x -> x, source.asIterator(), bufferSize)) {
      Iterator<Integer> it = results.iterator();
      eventually()
          .until(
              () ->
                  source.pulls() == bufferSize
                      && TestExecutors.feedersIdle(executor)
                      && executor.inFlight() == 0);
      assertThat(it.next()).isZero();
      eventually().until(() -> source.pulls() == bufferSize + 1);
      assertThat(executor.queueDepth()).isEqualTo(bufferSize);
    }
  }

  @Test
  void aStopInterruptsAFeederBlockedInTheSourceAndTheInterruptEndsWithTheRun() {
    List<Boolean> interruptedAfterRun = new CopyOnWriteArrayList<>();
    ExecutorService feederThreads = executors.pool(2);
    StreamTaskExecutor executor =
        StreamTaskExecutor.builder(executors.pool(2))
            .name("interrupts")
            .feederExecutor(
                task ->
                    feederThreads.execute(
                        () -> {
                          task.run();
                          interruptedAfterRun.add(Thread.currentThread().isInterrupted());
                        }))
            .build();
    CountDownLatch never = new CountDownLatch(1);
    TestSource source = TestSource.infinite().blockAt(TestSource.Point.HAS_NEXT, never);
    Stream<Integer> results = executor.map(x -> x, source.asIterator(), 4);
    eventually().until(() -> source.blockedOn() != null);

    results.close();

    eventually().until(() -> !interruptedAfterRun.isEmpty());
    assertThat(interruptedAfterRun).containsExactly(false);
    assertThat(source.closes()).isEqualTo(1);
  }

  /** Runs {@code body} as the consumer, on a thread of its own, within the bound. */
  private void asConsumer(Runnable body) {
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          consumer.set(Thread.currentThread());
          body.run();
        });
  }

  /** Runs {@code action} on another thread once the consumer waits for a result. */
  private void whenConsumerWaits(Runnable action) {
    Thread waiting = consumer.get();
    Thread waker =
        new Thread(
            () -> {
              eventually().until(() -> TestExecutors.waitingForResult(waiting));
              action.run();
            },
            "waker");
    waker.setDaemon(true);
    waker.start();
  }
}
