package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The consumer side as a Spliterator, over a pool the test runs by hand and a feeder that runs on
 * the map() caller's thread, so that every step is deterministic.
 */
class OrderedResultsTest {

  private final ManualExecutor pool = new ManualExecutor();
  private final StreamTaskExecutor executor =
      StreamTaskExecutor.builder(pool).name("ordered").feederExecutor(Runnable::run).build();

  @AfterEach
  void shutDown() {
    executor.shutdownNow();
  }

  @Test
  void theResultsAreOrderedOfUnknownSizeAndDoNotSplit() {
    try (Stream<Integer> results = executor.map(x -> x, List.of(1, 2, 3), 4)) {
      Spliterator<Integer> spliterator = results.spliterator();

      assertThat(spliterator.characteristics()).isEqualTo(Spliterator.ORDERED);
      assertThat(spliterator.estimateSize()).isEqualTo(Long.MAX_VALUE);
      assertThat(spliterator.trySplit()).isNull();
    }
  }

  @Test
  void aNullActionIsRejectedByName() {
    try (Stream<Integer> results = executor.map(x -> x, List.of(1), 4)) {
      assertThatThrownBy(() -> results.spliterator().tryAdvance(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("action");
    }
  }

  @Test
  void eachAdvanceHandsOverTheNextResultInOrderThenTheEnd() {
    try (Stream<Integer> results = executor.map(x -> x * 2, List.of(1, 2, 3), 4)) {
      assertThat(pool.runQueued()).isEqualTo(3);
      Spliterator<Integer> spliterator = results.spliterator();
      List<Integer> received = new ArrayList<>();

      while (spliterator.tryAdvance(received::add)) {}

      assertThat(received).containsExactly(2, 4, 6);
      assertThat(spliterator.tryAdvance(received::add)).isFalse();
      assertThat(executor.activeMaps()).isZero();
    }
  }

  @Test
  void theFeederTakesOneSlotPerResultTaken() {
    try (Stream<Integer> results =
        executor.map(x -> x, IntStream.range(0, 10).boxed().toList(), 2)) {
      Spliterator<Integer> spliterator = results.spliterator();
      List<Integer> received = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        // The buffer holds two; each take lets the feeder (on this thread) pull one more.
        assertThat(pool.queued()).isLessThanOrEqualTo(2);
        pool.runQueued();
        assertThat(spliterator.tryAdvance(received::add)).isTrue();
        assertThat(executor.queueDepth()).isLessThanOrEqualTo(2);
      }
      assertThat(received).isEqualTo(IntStream.range(0, 10).boxed().toList());
    }
  }

  @Test
  void anAdvanceAfterCloseEndsWithoutAResult() {
    Stream<Integer> results = executor.map(x -> x, List.of(1, 2), 4);
    pool.runQueued();
    Spliterator<Integer> spliterator = results.spliterator();

    results.close();

    assertThat(spliterator.tryAdvance(x -> {})).isFalse();
    assertThat(executor.activeMaps()).isZero();
  }

  @Test
  void aFailedTaskIsThrownAtItsPositionAndEndsTheResults() {
    try (Stream<Integer> results =
        executor.map(
            (Integer x) -> {
              if (x == 2) {
                throw new IllegalArgumentException("two");
              }
              return x;
            },
            List.of(1, 2, 3),
            4)) {
      pool.runQueued();
      Spliterator<Integer> spliterator = results.spliterator();

      assertThat(spliterator.tryAdvance(x -> assertThat(x).isEqualTo(1))).isTrue();
      assertThatThrownBy(() -> spliterator.tryAdvance(x -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("two");
      assertThat(spliterator.tryAdvance(x -> {})).isFalse();
    }
  }
}
