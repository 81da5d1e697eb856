package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A stream dropped without being closed is reclaimed once collected: its feeder stops pulling and
 * ends, its source is closed. A stream still referenced is not.
 */
class AbandonmentTest {

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void droppedStreamIsReclaimed(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(2, 4);
    TestSource source = TestSource.infinite();
    WeakReference<Stream<Integer>> dropped = startAndDrop(overload, executor, source, 4);

    awaitReclaimed(dropped, executor, source);

    assertThat(source.pulls()).isLessThanOrEqualTo(3 + 4);
    assertThat(executor.activeMaps()).isZero();
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void droppedPipelineIsReclaimed(MapOverload firstStage) {
    StreamTaskExecutor executor = executors.executor(3, 2);
    TestSource source = TestSource.infinite();
    WeakReference<Stream<Integer>> dropped = startPipelineAndDrop(firstStage, executor, source);

    awaitReclaimed(dropped, executor, source);

    assertThat(executor.activeMaps()).isZero();
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void referencedStreamIsNotReclaimed(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(2, 4);
    TestSource kept = TestSource.infinite();
    TestSource canary = TestSource.infinite();

    try (Stream<Integer> results = overload.map(executor, x -> x, kept, 4)) {
      Iterator<Integer> iterator = results.iterator();
      assertThat(iterator.next()).isZero();
      // A map dropped after this one: once the collector has reclaimed it, it has seen this one.
      startAndDrop(overload, executor, canary, 4);
      eventually()
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                System.gc();
                return canary.closes() == 1;
              });
      System.gc();

      assertThat(kept.closes()).isZero();
      assertThat(executor.activeMaps()).isEqualTo(1);
      for (int i = 1; i <= 100; i++) {
        assertThat(iterator.next()).isEqualTo(i);
      }
    }
    assertThat(kept.closes()).isEqualTo(1);
  }

  private static WeakReference<Stream<Integer>> startAndDrop(
      MapOverload overload, StreamTaskExecutor executor, TestSource source, int bufferSize) {
    Stream<Integer> results = overload.map(executor, x -> x, source, bufferSize);
    Iterator<Integer> iterator = results.iterator();
    for (int i = 0; i < 3; i++) {
      assertThat(iterator.next()).isEqualTo(i);
    }
    return new WeakReference<>(results);
  }

  private static WeakReference<Stream<Integer>> startPipelineAndDrop(
      MapOverload firstStage, StreamTaskExecutor executor, TestSource source) {
    Stream<Integer> first = firstStage.map(executor, x -> x + 1, source, 2);
    Stream<Integer> second = executor.map((Integer x) -> x * 2, first, 1);
    Stream<Integer> third = executor.map((Integer x) -> x - 2, second, 2);
    assertThat(third.iterator().next()).isZero();
    assertThat(executor.activeMaps()).isEqualTo(3);
    // With every buffer full, no stage holds a thread: nothing but the stream keeps them alive.
    eventually().until(() -> TestExecutors.feedersIdle(executor));
    return new WeakReference<>(third);
  }

  private static void awaitReclaimed(
      WeakReference<Stream<Integer>> dropped, StreamTaskExecutor executor, TestSource source) {
    eventually()
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              System.gc();
              return dropped.get() == null
                  && source.closes() == 1
                  && TestExecutors.feederThreads(executor).isEmpty();
            });
    long pulls = source.pulls();
    assertThat(source.closes()).isEqualTo(1);
    assertThat(source.pulls()).isEqualTo(pulls);
  }
}
