package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The default feeder executor: a blocked run never starves the others (the pool grows for runs that
 * wait), a burst of short runs leaves it at its base size, and its threads are daemons.
 */
class FeederPoolTest {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void shutDown() {
    release.countDown();
    timer.shutdownNow();
  }

  private FeederPool pool(int base) {
    AtomicInteger names = new AtomicInteger();
    return new FeederPool(
        base,
        FeederPool.GROW_NANOS,
        TimeUnit.SECONDS.toNanos(10),
        task -> {
          Thread thread = new Thread(task, "feeder-pool-test-" + names.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        },
        timer);
  }

  @Test
  void runsBlockedOnEveryThreadDoNotStarveTheNextRun() throws Exception {
    FeederPool pool = pool(2);
    for (int i = 0; i < 2; i++) {
      pool.execute(() -> TestExecutors.awaitUninterruptibly(release));
    }
    CountDownLatch ran = new CountDownLatch(3);
    for (int i = 0; i < 3; i++) {
      pool.execute(ran::countDown);
    }
    assertThat(ran.await(10, TimeUnit.SECONDS)).as("queued runs got threads").isTrue();
    // The pool may have shrunk back to its busy threads by now; the threads it added live on.
    assertThat(pool.threadCount()).isGreaterThan(2);
  }

  @Test
  void aBurstOfShortRunsLeavesThePoolAtItsBaseSize() throws Exception {
    FeederPool pool = pool(2);
    CountDownLatch ran = new CountDownLatch(10_000);
    for (int i = 0; i < 10_000; i++) {
      pool.execute(ran::countDown);
    }
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    // The queue may have waited long enough to grow the pool; it shrinks back once empty.
    eventually().until(() -> pool.size() == 2);
    assertThat(pool.threadCount()).isLessThanOrEqualTo(10_000);
  }

  @Test
  void aPoolGrownForBlockedRunsShrinksBackOnceTheyEnd() throws Exception {
    FeederPool pool = pool(1);
    CountDownLatch started = new CountDownLatch(4);
    for (int i = 0; i < 4; i++) {
      pool.execute(
          () -> {
            started.countDown();
            TestExecutors.awaitUninterruptibly(release);
          });
    }
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(pool.threadCount()).isGreaterThanOrEqualTo(4);
    release.countDown();
    eventually().until(() -> pool.size() == 1);
  }

  @Test
  void theSharedPoolRunsOnNamedDaemons() throws Exception {
    Thread[] ranOn = new Thread[1];
    CountDownLatch ran = new CountDownLatch(1);
    SharedThreads.feeders()
        .execute(
            () -> {
              ranOn[0] = Thread.currentThread();
              ran.countDown();
            });
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ranOn[0].isDaemon()).isTrue();
    assertThat(ranOn[0].getName()).matches("stream-executors-feeder-\\d+");
  }
}
