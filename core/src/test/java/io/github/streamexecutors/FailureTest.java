package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A failure of the function at i, or of the source after k inputs: the results before it, then the
 * exception, then the end; never a later result, never a hang, no task runs afterwards.
 */
class FailureTest {

  private static final Duration NO_HANG = Duration.ofSeconds(10);

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  /** The kinds of throwable, and how the consumer must receive each. */
  enum Kind {
    UNCHECKED,
    ERROR,
    CHECKED;

    /** A fresh throwable of this kind. */
    Throwable create() {
      return switch (this) {
        case UNCHECKED -> new IllegalStateException("boom");
        case ERROR -> new AssertionError("boom");
        case CHECKED -> new IOException("boom");
      };
    }

    void assertReceived(ThrowingCallable read, Throwable thrown) {
      if (this == CHECKED) {
        assertThatThrownBy(read).isInstanceOf(CompletionException.class).hasCause(thrown);
      } else {
        assertThatThrownBy(read).isSameAs(thrown);
      }
    }
  }

  static Stream<Arguments> overloadsAndKinds() {
    return Arrays.stream(MapOverload.values())
        .flatMap(
            overload -> Arrays.stream(Kind.values()).map(kind -> Arguments.of(overload, kind)));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("overloadsAndKinds")
  void functionFailureEndsTheResultsAtItsPosition(MapOverload overload, Kind kind) {
    StreamTaskExecutor executor = executors.executor(4, 4);
    Throwable failure = kind.create();
    TestSource source = TestSource.of(50);

    try (Stream<Integer> results =
        overload.map(
            executor,
            x -> {
              if (x == 7) {
                throw TestSource.<RuntimeException>sneaky(failure);
              }
              return x;
            },
            source,
            4)) {
      Reader<Integer> reader = new Reader<>(results);
      assertTimeoutPreemptively(
          NO_HANG,
          () -> {
            assertThat(reader.take(7)).isEqualTo(List.of(0, 1, 2, 3, 4, 5, 6));
            kind.assertReceived(reader::next, failure);
            assertEnded(reader);
          });
      assertThat(executor.activeMaps()).isZero();
      assertThat(source.closes()).isEqualTo(1);
      eventually().until(() -> TestExecutors.feederThreads(executor).isEmpty());
    }
    assertThat(source.closes()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("overloadsAndKinds")
  void sourceFailureComesAfterTheResultsOfWhatWasPulled(MapOverload overload, Kind kind) {
    StreamTaskExecutor executor = executors.executor(3, 2);
    Throwable failure = kind.create();
    TestSource source = TestSource.infinite().failAfter(5, failure);

    try (Stream<Integer> results = overload.map(executor, x -> x * 10, source, 2)) {
      Reader<Integer> reader = new Reader<>(results);
      assertTimeoutPreemptively(
          NO_HANG,
          () -> {
            assertThat(reader.take(5)).isEqualTo(List.of(0, 10, 20, 30, 40));
            kind.assertReceived(reader::next, failure);
            assertEnded(reader);
          });
      assertThat(source.pulls()).isEqualTo(5);
      assertThat(source.closes()).isEqualTo(1);
      assertThat(executor.activeMaps()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = MapOverload.class,
      names = {"ITERABLE", "STREAM"})
  void failureToOpenTheSourceIsTheFirstElement(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(1, 3);
    IllegalStateException failure = new IllegalStateException("cannot open");
    TestSource source = TestSource.infinite().failOnOpen(failure);

    try (Stream<Integer> results = overload.map(executor, x -> x, source, 3)) {
      Reader<Integer> reader = new Reader<>(results);
      assertTimeoutPreemptively(
          NO_HANG,
          () -> {
            assertThatThrownBy(reader::next).isSameAs(failure);
            assertEnded(reader);
          });
    }
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void readingPastTheEndNeverHangs(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(2, 3);

    try (Stream<Integer> results = overload.map(executor, x -> x, TestSource.of(4), 3)) {
      Reader<Integer> reader = new Reader<>(results);
      assertTimeoutPreemptively(
          NO_HANG,
          () -> {
            assertThat(reader.take(10)).containsExactly(0, 1, 2, 3);
            assertEnded(reader);
            assertEnded(reader);
          });
    }
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void noTaskRunsTheFunctionOnceTheFailureIsTaken(MapOverload overload) {
    ManualExecutor pool = new ManualExecutor();
    StreamTaskExecutor executor = executors.executor(pool, 5);
    AtomicInteger invocations = new AtomicInteger();
    IllegalStateException failure = new IllegalStateException("boom");

    try (Stream<Integer> results =
        overload.map(
            executor,
            x -> {
              invocations.incrementAndGet();
              if (x == 1) {
                throw failure;
              }
              return x;
            },
            TestSource.infinite(),
            5)) {
      eventually().until(pool::queued, n -> n == 5);
      pool.runOne();
      pool.runOne();
      Reader<Integer> reader = new Reader<>(results);
      assertThat(reader.next()).isZero();
      assertThatThrownBy(reader::next).isSameAs(failure);

      assertThat(pool.runQueued()).isGreaterThanOrEqualTo(3);
      assertThat(invocations).hasValue(2);
      assertThat(reader.hasNext()).isFalse();
    }
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void slowPendingTasksAreCancelledByAFailure(MapOverload overload) {
    ThreadPoolExecutor pool = (ThreadPoolExecutor) executors.pool(2);
    StreamTaskExecutor executor = executors.executor(pool, 10);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger laterInvocations = new AtomicInteger();
    IllegalStateException failure = new IllegalStateException("boom");

    try (Stream<Integer> results =
        overload.map(
            executor,
            x -> {
              if (x == 0) {
                throw failure;
              }
              laterInvocations.incrementAndGet();
              TestExecutors.awaitUninterruptibly(release);
              return x;
            },
            TestSource.infinite(),
            10)) {
      eventually().until(executor::queueDepth, n -> n == 10);
      assertThatThrownBy(() -> results.iterator().next()).isSameAs(failure);
      release.countDown();
      eventually().until(() -> pool.getCompletedTaskCount() == pool.getTaskCount());
    }
    // Only tasks that started before the failure was taken ran the function: one per thread.
    assertThat(laterInvocations.get()).isLessThanOrEqualTo(2);
  }

  private static void assertEnded(Reader<Integer> reader) {
    assertThat(reader.hasNext()).isFalse();
    assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
  }
}
