package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A function that itself maps on the executor it runs on, and consumes the inner stream: on a
 * ForkJoinPool the waiting workers are compensated, so nested maps finish.
 */
class NestedMapTest {

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  @Test
  void nestedMapsOnTheSameForkJoinPoolFinish() {
    StreamTaskExecutor executor = executors.executor(executors.track(new ForkJoinPool(2)), 4);

    // Each outer task runs on one of the two workers and waits there for its inner results: with
    // an outer buffer of 4, every worker waits unless the pool adds workers while they wait.
    List<Integer> sums =
        assertTimeoutPreemptively(
            TestExecutors.DEADLINE,
            () -> {
              try (Stream<Integer> outer =
                  executor.map(
                      (Integer x) -> {
                        try (Stream<Integer> inner =
                            executor.map((Integer y) -> x * y, IntStream.range(0, 8).boxed(), 4)) {
                          return inner.mapToInt(Integer::intValue).sum();
                        }
                      },
                      IntStream.range(0, 16).boxed(),
                      4)) {
                return outer.toList();
              }
            });

    assertThat(sums).isEqualTo(IntStream.range(0, 16).map(x -> 28 * x).boxed().toList());
  }
}
