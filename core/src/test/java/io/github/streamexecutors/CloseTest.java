package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Closing a map's stream, from any thread: the feeder stops, pending tasks skip the function, the
 * source is closed once, a waiting consumer wakes, a pipeline closes as one.
 */
class CloseTest {

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void closeStopsTheFeederAndClosesTheSourceExactlyOnce(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(2, 3);
    TestSource source = TestSource.infinite();
    Stream<Integer> results = overload.map(executor, x -> x, source, 3);
    Reader<Integer> reader = new Reader<>(results);
    assertThat(reader.take(4)).containsExactly(0, 1, 2, 3);

    results.close();

    assertThat(source.closes()).isEqualTo(1);
    assertThat(executor.activeMaps()).isZero();
    eventually().until(() -> TestExecutors.feederThreads(executor).isEmpty());
    long pulls = source.pulls();
    assertThat(pulls).isLessThanOrEqualTo(4 + 3);
    assertThat(reader.hasNext()).isFalse();
    results.close();
    assertThat(source.closes()).isEqualTo(1);
    assertThat(source.pulls()).isEqualTo(pulls);
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void closeWhileTheSourceBlocksStillClosesItOnce(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(1, 2);
    CountDownLatch never = new CountDownLatch(1);
    TestSource.Point point =
        overload.opensSource() ? TestSource.Point.OPEN : TestSource.Point.HAS_NEXT;
    TestSource source = TestSource.infinite().blockAt(point, never);
    Stream<Integer> results = overload.map(executor, x -> x, source, 2);
    eventually().until(source::blockedOn, thread -> thread != null);

    results.close();
    results.close();

    eventually().until(() -> TestExecutors.feederThreads(executor).isEmpty());
    assertThat(source.closes()).isEqualTo(1);
    assertThat(source.pulls()).isZero();
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void pendingTasksDoNotRunTheFunctionAfterClose(MapOverload overload) {
    ManualExecutor pool = new ManualExecutor();
    StreamTaskExecutor executor = executors.executor(pool, 5);
    AtomicInteger invocations = new AtomicInteger();
    Stream<Integer> results =
        overload.map(
            executor,
            x -> {
              invocations.incrementAndGet();
              return x;
            },
            TestSource.infinite(),
            5);
    eventually().until(pool::queued, n -> n == 5);

    results.close();

    assertThat(pool.runQueued()).isEqualTo(5);
    assertThat(invocations).hasValue(0);
    assertThat(executor.inFlight()).isZero();
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void closeFromAnotherThreadWakesAConsumerWaitingForAResult(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(2, 2);
    CountDownLatch release = new CountDownLatch(1);
    TestSource source = TestSource.infinite();
    Stream<Integer> results =
        overload.map(
            executor,
            x -> {
              TestExecutors.awaitUninterruptibly(release);
              return x;
            },
            source,
            2);
    AtomicReference<Thread> consumer = new AtomicReference<>();
    ExecutorService consumerThread = executors.track(Executors.newSingleThreadExecutor());
    CompletableFuture<Boolean> hasNext =
        CompletableFuture.supplyAsync(
            () -> {
              consumer.set(Thread.currentThread());
              return results.iterator().hasNext();
            },
            consumerThread);
    eventually()
        .until(() -> consumer.get() != null && TestExecutors.waitingForResult(consumer.get()));

    results.close();

    assertThat(hasNext).succeedsWithin(TestExecutors.DEADLINE).isEqualTo(false);
    assertThat(source.closes()).isEqualTo(1);
    release.countDown();
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void closingTheLastStageOfAPipelineStopsAndClosesEveryStage(MapOverload firstStage) {
    StreamTaskExecutor executor = executors.executor(4, 2);
    TestSource source = TestSource.infinite();
    AtomicInteger firstClosed = new AtomicInteger();
    AtomicInteger secondClosed = new AtomicInteger();
    Stream<Integer> first =
        firstStage.map(executor, x -> x * 2, source, 2).onClose(firstClosed::incrementAndGet);
    Stream<Integer> second =
        executor.map((Integer x) -> x + 1, first, 1).onClose(secondClosed::incrementAndGet);
    Stream<String> third = executor.map((Integer x) -> "#" + x, second, 2);
    assertThat(third.iterator().next()).isEqualTo("#1");
    assertThat(executor.activeMaps()).isEqualTo(3);
    eventually().until(() -> TestExecutors.feedersIdle(executor));

    third.close();

    assertThat(firstClosed).hasValue(1);
    assertThat(secondClosed).hasValue(1);
    assertThat(source.closes()).isEqualTo(1);
    assertThat(executor.activeMaps()).isZero();
    eventually().until(() -> TestExecutors.feederThreads(executor).isEmpty());
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void failureToCloseTheSourceIsThrownByClose(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(1, 2);
    IllegalStateException failure = new IllegalStateException("cannot close");
    TestSource source = TestSource.infinite().failOnClose(failure);
    Stream<Integer> results = overload.map(executor, x -> x, source, 2);
    assertThat(results.iterator().next()).isZero();

    assertThatThrownBy(results::close).isSameAs(failure);

    assertThat(source.closes()).isEqualTo(1);
    assertThat(executor.activeMaps()).isZero();
    eventually().until(() -> TestExecutors.feederThreads(executor).isEmpty());
    results.close();
    assertThat(source.closes()).isEqualTo(1);
  }

  @Test
  void iterableAndTheIteratorItOpenedAreBothClosed() {
    StreamTaskExecutor executor = executors.executor(1, 2);
    TestSource iterableSide = TestSource.infinite();
    TestSource iteratorSide = TestSource.infinite();
    Iterable<Integer> source =
        new CloseableIterable(iterableSide.asIterable(), iteratorSide.asIterator());

    try (Stream<Integer> results = executor.map(x -> x, source, 2)) {
      assertThat(results.iterator().next()).isZero();
    }

    assertThat(iterableSide.closes()).isEqualTo(1);
    assertThat(iteratorSide.closes()).isEqualTo(1);
  }

  /** An iterable that closes like {@code closer} and opens {@code opened}. */
  private record CloseableIterable(Iterable<Integer> closer, java.util.Iterator<Integer> opened)
      implements Iterable<Integer>, AutoCloseable {
    @Override
    public java.util.Iterator<Integer> iterator() {
      return opened;
    }

    @Override
    public void close() {
      try {
        ((AutoCloseable) closer).close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void noInputIsTakenFromTheSourceAfterClose() {
    StreamTaskExecutor executor = executors.executor(1, 4);
    CountDownLatch inHasNext = new CountDownLatch(1);
    CountDownLatch releaseHasNext = new CountDownLatch(1);
    AtomicInteger nextCalls = new AtomicInteger();
    java.util.Iterator<Integer> source =
        new java.util.Iterator<>() {
          @Override
          public boolean hasNext() {
            inHasNext.countDown();
            TestExecutors.awaitUninterruptibly(releaseHasNext);
            return true;
          }

          @Override
          public Integer next() {
            return nextCalls.incrementAndGet();
          }
        };
    Stream<Integer> results = executor.map((Integer x) -> x, source, 4);
    TestExecutors.awaitUninterruptibly(inHasNext);

    results.close();
    releaseHasNext.countDown();

    eventually().until(() -> TestExecutors.feederThreads(executor).isEmpty());
    assertThat(nextCalls).hasValue(0);
  }

  @Test
  void aCloseFailureAtTheEndOfTheResultsIsThrownByClose() {
    StreamTaskExecutor executor = executors.executor(2, 4);
    Stream<Integer> source =
        Stream.of(1, 2, 3)
            .onClose(
                () -> {
                  throw new IllegalStateException("source close failed");
                });
    Stream<Integer> results = executor.map((Integer x) -> x * 10, source, 4);

    assertThat(results.iterator()).toIterable().containsExactly(10, 20, 30);
    assertThatThrownBy(results::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("source close failed");
  }

  @Test
  void anErrorClosingTheSourceStillClosesTheIteratorItOpened() {
    StreamTaskExecutor executor = executors.executor(1, 2);
    AtomicInteger iteratorCloses = new AtomicInteger();
    class ClosingIterator implements java.util.Iterator<Integer>, AutoCloseable {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Integer next() {
        return 1;
      }

      @Override
      public void close() {
        iteratorCloses.incrementAndGet();
      }
    }
    class FailingIterable implements Iterable<Integer>, AutoCloseable {
      @Override
      public java.util.Iterator<Integer> iterator() {
        return new ClosingIterator();
      }

      @Override
      public void close() {
        throw new AssertionError("iterable close failed");
      }
    }
    Stream<Integer> results = executor.map((Integer x) -> x, new FailingIterable(), 2);
    assertThat(results.iterator().next()).isEqualTo(1);

    assertThatThrownBy(results::close).isInstanceOf(AssertionError.class);
    assertThat(iteratorCloses).hasValue(1);
  }

  @Test
  void theEndOfTheResultsReleasesTheBufferedResults() {
    StreamTaskExecutor executor = executors.executor(2, 8);
    java.lang.ref.WeakReference<?>[] buffered = new java.lang.ref.WeakReference<?>[1];
    Stream<byte[]> results =
        executor.map(
            (Integer x) -> {
              byte[] payload = new byte[1 << 20];
              if (x == 5) {
                buffered[0] = new java.lang.ref.WeakReference<>(payload);
              }
              return payload;
            },
            Stream.iterate(0, x -> x + 1),
            8);
    java.util.Iterator<byte[]> it = results.iterator();
    it.next();
    eventually().until(() -> buffered[0] != null);
    results.close();
    assertThat(it.hasNext()).isFalse();

    eventually()
        .until(
            () -> {
              System.gc();
              return buffered[0].get() == null;
            });
    assertThat(it).isNotNull();
  }

  @Test
  void aThreadThatRanTheFeederRetainsNoBufferedResultOnceTheMapEnded() {
    // JDK 21+ keeps an ended thread's Runnable: with a feeder executor that starts a thread per
    // run, each ended thread holds a run of the feeder, which must not lead to the results.
    List<Thread> feederThreads = new CopyOnWriteArrayList<>();
    StreamTaskExecutor executor =
        StreamTaskExecutor.builder(executors.pool(2))
            .defaultBufferSize(8)
            .feederExecutor(
                run -> {
                  Thread thread = new Thread(run);
                  feederThreads.add(thread);
                  thread.start();
                })
            .build();
    AtomicReference<java.lang.ref.WeakReference<byte[]>> buffered = new AtomicReference<>();
    AtomicInteger computed = new AtomicInteger();
    Stream<byte[]> results =
        executor.map(
            (Integer x) -> {
              byte[] payload = new byte[1 << 20];
              if (x == 3) {
                buffered.set(new java.lang.ref.WeakReference<>(payload));
              }
              computed.incrementAndGet();
              return payload;
            },
            TestSource.infinite().asIterable(),
            8);
    eventually().until(() -> computed.get() == 8);

    results.close();
    results = null;
    eventually().until(() -> feederThreads.stream().noneMatch(Thread::isAlive));

    eventually()
        .until(
            () -> {
              System.gc();
              return buffered.get().get() == null;
            });
    assertThat(feederThreads).isNotEmpty().allMatch(t -> t.getState() == Thread.State.TERMINATED);
  }

  @Test
  void aThreadThatRanAStagesFeederRetainsNoResultOfTheStageBeforeOnceThePipelineEnded() {
    // The second stage's source is the first stage's stream, whose iterator leads to the first
    // stage's buffered results: an ended thread that ran the second stage's feeder must not.
    List<Thread> feederThreads = new CopyOnWriteArrayList<>();
    StreamTaskExecutor executor =
        StreamTaskExecutor.builder(executors.pool(2))
            .defaultBufferSize(8)
            .feederExecutor(
                run -> {
                  Thread thread = new Thread(run);
                  feederThreads.add(thread);
                  thread.start();
                })
            .build();
    AtomicReference<java.lang.ref.WeakReference<byte[]>> buffered = new AtomicReference<>();
    AtomicInteger computed = new AtomicInteger();
    Stream<byte[]> first =
        executor.map(
            (Integer x) -> {
              byte[] payload = new byte[1 << 20];
              if (x == 6) {
                buffered.set(new java.lang.ref.WeakReference<>(payload));
              }
              computed.incrementAndGet();
              return payload;
            },
            TestSource.infinite().asIterable(),
            8);
    Stream<byte[]> second = executor.map((byte[] x) -> x, first, 1);
    eventually().until(() -> computed.get() >= 8 && buffered.get() != null);

    second.close();
    first = null;
    second = null;
    eventually().until(() -> feederThreads.stream().noneMatch(Thread::isAlive));

    eventually()
        .until(
            () -> {
              System.gc();
              return buffered.get().get() == null;
            });
    assertThat(feederThreads).isNotEmpty().allMatch(t -> t.getState() == Thread.State.TERMINATED);
  }
}
