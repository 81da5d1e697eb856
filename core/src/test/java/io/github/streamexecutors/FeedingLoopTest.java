package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The feeding loop's exact choices: how much it refills, when it dispatches, when it stops. */
class FeedingLoopTest {

  /** Long enough for any task to start on a loaded machine, short of the mutation run's timeout. */
  private static final long PROMPTLY_SECONDS = 4;

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void restore() {
    FeedingLoop.refillPatienceNanos = FeedingLoop.REFILL_PATIENCE_NANOS;
    executors.close();
  }

  @Test
  void theRefillBatchIsAnEighthOfTheBufferBetweenOneAndTheMaximum() {
    assertThat(FeedingLoop.refillBatch(1)).isEqualTo(1);
    assertThat(FeedingLoop.refillBatch(15)).isEqualTo(1);
    assertThat(FeedingLoop.refillBatch(16)).isEqualTo(2);
    assertThat(FeedingLoop.refillBatch(800)).isEqualTo(100);
    assertThat(FeedingLoop.refillBatch(8 * FeedingLoop.MAX_REFILL_BATCH))
        .isEqualTo(FeedingLoop.MAX_REFILL_BATCH);
    assertThat(FeedingLoop.refillBatch(8 * FeedingLoop.MAX_REFILL_BATCH + 8))
        .isEqualTo(FeedingLoop.MAX_REFILL_BATCH);
    assertThat(FeedingLoop.refillBatch(StreamTaskExecutor.UNBOUNDED))
        .isEqualTo(FeedingLoop.MAX_REFILL_BATCH);
  }

  @Test
  void aFullBufferIsRefilledOneWholeBatchAtATime() {
    FeedingLoop.refillPatienceNanos = FeedingLoop.NO_PATIENCE_TIMER;
    int bufferSize = 32;
    int batch = FeedingLoop.refillBatch(bufferSize);
    assertThat(batch).isEqualTo(4);
    StreamTaskExecutor executor = executors.executor(2, bufferSize);
    TestSource source = TestSource.infinite();

    try (Stream<Integer> results = executor.map(x -> x, source.asIterator(), bufferSize)) {
      Iterator<Integer> it = results.iterator();
      int taken = 0;
      for (long full = bufferSize; full <= bufferSize + 3L * batch; full += batch) {
        long pulls = full;
        eventually()
            .until(
                () ->
                    source.pulls() == pulls
                        && TestExecutors.feedersIdle(executor)
                        && executor.inFlight() == 0);
        // Every result is ready: only a take resumes the feeder, and it does so synchronously.
        for (int i = 0; i < batch - 1; i++) {
          assertThat(it.next()).isEqualTo(taken++);
          assertThat(TestExecutors.feedersIdle(executor)).as("idle before the batch").isTrue();
        }
        assertThat(source.pulls()).isEqualTo(full);
        assertThat(it.next()).isEqualTo(taken++);
      }
    }
  }

  @Test
  void twoFullFixedSizeGroupsRunAtOnce() throws InterruptedException {
    int chunkSize = 4;
    StreamTaskExecutor executor = executors.executor(2, 2 * chunkSize);
    CountDownLatch bothGroupsStarted = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);

    try (Stream<Integer> results =
        executor.map(
            (Integer x) -> {
              if (x % chunkSize == 0) {
                bothGroupsStarted.countDown();
                TestExecutors.awaitUninterruptibly(release);
              }
              return x;
            },
            TestSource.infinite().asIterator(),
            MapOptions.defaults().withBufferSize(2 * chunkSize).withChunkSize(chunkSize))) {
      // The consumer has not asked for anything: the feeder alone dispatched both full groups.
      assertThat(bothGroupsStarted.await(PROMPTLY_SECONDS, TimeUnit.SECONDS)).isTrue();
      release.countDown();
      assertThat(results.limit(8)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    } finally {
      release.countDown();
    }
  }

  @Test
  void nothingIsPulledAfterThePoolRefusesATask() {
    ExecutorService refusesTheThird = executors.track(new RefusingAfter(2, executors.pool(2)));
    StreamTaskExecutor executor = executors.executor(refusesTheThird, 100);
    TestSource source = TestSource.infinite();

    try (Stream<Integer> results = executor.map(x -> x, source.asIterator(), 100)) {
      eventually()
          .until(() -> source.pulls() >= 3 && TestExecutors.feederThreads(executor).isEmpty());
      assertThat(source.pulls()).isEqualTo(3);
      Iterator<Integer> it = results.iterator();
      assertThat(it.next()).isZero();
      assertThat(it.next()).isOne();
      assertThatThrownBy(it::next)
          .isInstanceOf(RejectedExecutionException.class)
          .hasMessage("refused");
    }
    assertThat(source.pulls()).isEqualTo(3);
  }

  @Test
  void aDefaultMapWithATrivialFunctionSubmitsOneTaskPerInput() {
    AtomicInteger submissions = new AtomicInteger();
    StreamTaskExecutor executor =
        executors.executor(
            executors.track(new CountingExecutor(executors.pool(2), submissions)), 64);

    try (Stream<Integer> results = executor.map(x -> x + 1, IntStream.range(0, 1000).boxed())) {
      assertThat(results.count()).isEqualTo(1000);
    }
    assertThat(submissions).hasValue(1000);
  }

  /** A pool that accepts {@code accepted} tasks, then refuses every other. */
  private static final class RefusingAfter extends AbstractExecutorService {
    private final AtomicInteger left;
    private final ExecutorService pool;

    RefusingAfter(int accepted, ExecutorService pool) {
      this.left = new AtomicInteger(accepted);
      this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
      if (left.getAndDecrement() <= 0) {
        throw new RejectedExecutionException("refused");
      }
      pool.execute(task);
    }

    @Override
    public void shutdown() {
      pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return pool.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return pool.awaitTermination(timeout, unit);
    }
  }
}
