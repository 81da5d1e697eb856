package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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

  @Test
  void theConsumerNeverRunsAGroupItSealsOnAPoolThatRunsTasksOnTheCaller() {
    ThreadPoolExecutor pool =
        executors.track(
            new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1),
                new ThreadPoolExecutor.CallerRunsPolicy()));
    StreamTaskExecutor executor = executors.executor(pool, 16);
    CountDownLatch releasePool = new CountDownLatch(1);
    CountDownLatch blockerRunning = new CountDownLatch(1);
    pool.execute(
        () -> {
          blockerRunning.countDown();
          TestExecutors.awaitUninterruptibly(releasePool);
        });
    pool.execute(() -> TestExecutors.awaitUninterruptibly(releasePool));
    TestExecutors.awaitUninterruptibly(blockerRunning); // saturated: one running, one queued
    try {
      // The feeder seals the group itself if its first pull looked slow; retry until the feeder is
      // blocked in the source with the group open, so that only the waiting consumer can seal it.
      for (int attempt = 0; ; attempt++) {
        assertThat(attempt)
            .as("attempts in which the feeder sealed the group itself")
            .isLessThan(50);
        if (consumerSealsTheGroup(executor)) {
          break;
        }
      }
    } finally {
      releasePool.countDown();
    }
  }

  /** False if the feeder sealed the group before blocking in the source: nothing was tested. */
  private boolean consumerSealsTheGroup(StreamTaskExecutor executor) {
    CountDownLatch releaseSource = new CountDownLatch(1);
    CountDownLatch sourceBlocked = new CountDownLatch(1);
    Iterator<Integer> oneThenBlocks =
        new Iterator<>() {
          private boolean pulled;

          @Override
          public boolean hasNext() {
            if (pulled) {
              sourceBlocked.countDown();
              TestExecutors.awaitUninterruptibly(releaseSource);
              return false;
            }
            return true;
          }

          @Override
          public Integer next() {
            pulled = true;
            return 7;
          }
        };
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    Thread consumer = Thread.currentThread();

    try (Stream<Integer> results =
        executor.map(
            (Integer x) -> {
              ranOn.set(Thread.currentThread());
              return x;
            },
            oneThenBlocks,
            MapOptions.defaults().withBufferSize(16).withChunkSize(8))) {
      TestExecutors.awaitUninterruptibly(sourceBlocked);
      if (ranOn.get() != null) {
        return false;
      }
      Iterator<Integer> it = results.iterator();
      // The group holds one input, the source blocks, the pool is saturated: the consumer, waiting
      // with its interrupt set, seals the group (or throws first, then seals it on the next call).
      consumer.interrupt();
      assertThatThrownBy(it::hasNext).isInstanceOf(StreamInterruptedException.class);
      assertThat(Thread.interrupted()).isTrue();

      assertThat(it.next()).isEqualTo(7);
      assertThat(ranOn.get()).isNotNull().isNotSameAs(consumer);
      return true;
    } finally {
      releaseSource.countDown();
    }
  }
}
