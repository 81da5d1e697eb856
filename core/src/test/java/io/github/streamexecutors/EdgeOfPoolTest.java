package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pools that run tasks on the submitting thread or hand tasks back wrapped: shutdown still delivers
 * what was computed, then a rejection, without interrupting a task or waiting forever.
 */
class EdgeOfPoolTest {

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  @Test
  void shutdownDoesNotInterruptATaskThatCallerRunsPolicyRunsOnTheFeeder() {
    ThreadPoolExecutor pool =
        executors.track(
            new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                new ThreadPoolExecutor.CallerRunsPolicy()));
    StreamTaskExecutor executor = executors.executor(pool, 4);
    CountDownLatch bothRunning = new CountDownLatch(2);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean interruptSeen = new AtomicBoolean();

    Stream<Integer> results =
        executor.map(
            (Integer x) -> {
              bothRunning.countDown();
              TestExecutors.awaitUninterruptibly(release);
              if (Thread.currentThread().isInterrupted()) {
                interruptSeen.set(true);
              }
              return x;
            },
            IntStream.range(0, 10).boxed(),
            4);
    TestExecutors.awaitUninterruptibly(bothRunning);
    executor.shutdown();
    release.countDown();

    Iterator<Integer> it = results.iterator();
    assertThat(it.next()).isZero();
    assertThat(it.next()).isEqualTo(1);
    assertThatThrownBy(it::next).isInstanceOf(RejectedExecutionException.class);
    assertThat(interruptSeen).isFalse();
  }

  @Test
  void shutdownNowFailsWrappedUnstartedTasksWhileThePoolCannotTerminate() {
    ScheduledThreadPoolExecutor pool = executors.track(new ScheduledThreadPoolExecutor(1));
    StreamTaskExecutor executor = executors.executor(pool, 8);
    CountDownLatch blockerRunning = new CountDownLatch(1);
    CountDownLatch releaseBlocker = new CountDownLatch(1);
    pool.execute(
        () -> {
          blockerRunning.countDown();
          TestExecutors.awaitUninterruptibly(releaseBlocker);
        });
    TestExecutors.awaitUninterruptibly(blockerRunning);
    try {
      Stream<Integer> results = executor.map((Integer x) -> x, IntStream.range(0, 5).boxed(), 8);
      eventually().until(() -> pool.getQueue().size() == 5);

      executor.shutdownNow();

      // The blocker keeps the pool from terminating: only the map's own knowledge of the
      // shutdownNow can end the wait for the queued (and wrapped) tasks.
      assertThatThrownBy(() -> results.iterator().next())
          .isInstanceOf(RejectedExecutionException.class);
      assertThat(pool.isTerminated()).isFalse();
    } finally {
      releaseBlocker.countDown();
    }
  }
}
