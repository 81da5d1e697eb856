package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A consumer interrupted while it waits keeps its interrupt status, gets an exception, loses no
 * result; a map never leaves a pool thread interrupted.
 */
class InterruptTest {

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void interruptedConsumerKeepsItsStatusAndLosesNoResult(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(2, 3);
    CountDownLatch release = new CountDownLatch(1);
    TestSource source = TestSource.infinite();
    Stream<Integer> results =
        overload.map(
            executor,
            x -> {
              if (x == 2) {
                TestExecutors.awaitUninterruptibly(release);
              }
              return x;
            },
            source,
            3);
    AtomicReference<Thread> consumer = new AtomicReference<>();
    AtomicBoolean waitingForTheThird = new AtomicBoolean();
    AtomicBoolean statusKept = new AtomicBoolean();
    CountDownLatch interruptTaken = new CountDownLatch(1);
    ExecutorService consumerThread = executors.track(Executors.newSingleThreadExecutor());

    CompletableFuture<List<Integer>> read =
        CompletableFuture.supplyAsync(
            () -> {
              consumer.set(Thread.currentThread());
              Reader<Integer> reader = new Reader<>(results);
              assertThat(reader.take(2)).containsExactly(0, 1);
              waitingForTheThird.set(true);
              assertThatThrownBy(reader::next)
                  .isInstanceOf(StreamInterruptedException.class)
                  .hasCauseInstanceOf(InterruptedException.class);
              statusKept.set(Thread.interrupted());
              interruptTaken.countDown();
              return reader.take(3);
            },
            consumerThread);
    eventually()
        .until(() -> waitingForTheThird.get() && TestExecutors.waitingForResult(consumer.get()));
    consumer.get().interrupt();
    TestExecutors.awaitUninterruptibly(interruptTaken);
    release.countDown();

    assertThat(read).succeedsWithin(TestExecutors.DEADLINE).isEqualTo(List.of(2, 3, 4));
    assertThat(statusKept).isTrue();
    results.close();
    assertThat(source.closes()).isEqualTo(1);
    assertThat(executor.activeMaps()).isZero();
    eventually().until(() -> TestExecutors.feederThreads(executor).isEmpty());
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void closeWhileATaskRunsLeavesThePoolThreadUninterrupted(MapOverload overload) throws Exception {
    ExecutorService pool = executors.pool(1);
    StreamTaskExecutor executor = executors.executor(pool, 2);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean interruptedInTask = new AtomicBoolean();
    Stream<Integer> results =
        overload.map(
            executor,
            x -> {
              started.countDown();
              TestExecutors.awaitUninterruptibly(release);
              interruptedInTask.set(Thread.currentThread().isInterrupted());
              return x;
            },
            TestSource.infinite(),
            2);
    TestExecutors.awaitUninterruptibly(started);

    results.close();
    release.countDown();

    assertThat(pool.submit(() -> Thread.currentThread().isInterrupted()))
        .succeedsWithin(TestExecutors.DEADLINE)
        .isEqualTo(false);
    assertThat(interruptedInTask).isFalse();
  }
}
