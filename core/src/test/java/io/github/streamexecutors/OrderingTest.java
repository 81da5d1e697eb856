package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Results come in input order, whatever order the tasks finish in; null results included. */
class OrderingTest {

  private static final int INPUTS = 300;

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  static Stream<Arguments> overloadsAndBufferSizes() {
    return Arrays.stream(MapOverload.values())
        .flatMap(
            overload ->
                IntStream.of(1, 3, 16, StreamTaskExecutor.UNBOUNDED)
                    .mapToObj(size -> Arguments.of(overload, size)));
  }

  @ParameterizedTest(name = "{0}, buffer size {1}")
  @MethodSource("overloadsAndBufferSizes")
  void resultsComeInInputOrderDespiteRandomTaskDurations(MapOverload overload, int bufferSize) {
    StreamTaskExecutor executor = executors.executor(8, bufferSize);

    try (Stream<String> results =
        overload.map(executor, OrderingTest::slowlyDescribe, TestSource.of(INPUTS), bufferSize)) {
      assertThat(results.toList())
          .isEqualTo(IntStream.range(0, INPUTS).mapToObj(x -> "#" + x).toList());
    }
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void nullResultsKeepTheirPlace(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(4, 5);
    List<Integer> expected = new ArrayList<>();
    for (int x = 0; x < INPUTS; x++) {
      expected.add(x % 3 == 0 ? null : x);
    }

    try (Stream<Integer> results =
        overload.map(executor, x -> x % 3 == 0 ? null : x, TestSource.of(INPUTS), 5)) {
      assertThat(results.toList()).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void aThreeStagePipelineKeepsOrder(MapOverload firstStage) {
    StreamTaskExecutor executor = executors.executor(6, 2);

    Stream<Integer> first = firstStage.map(executor, x -> slowly(x * 2), TestSource.of(INPUTS), 2);
    Stream<Integer> second = executor.map(x -> slowly(x + 1), first, 1);
    try (Stream<String> third = executor.map(x -> "#" + slowly(x), second, 2)) {
      assertThat(third.toList())
          .isEqualTo(IntStream.range(0, INPUTS).mapToObj(x -> "#" + (x * 2 + 1)).toList());
    }
  }

  private static String slowlyDescribe(int x) {
    return "#" + slowly(x);
  }

  /** Returns {@code x} after a random pause of up to 1ms, so that tasks finish out of order. */
  private static <T> T slowly(T x) {
    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextInt(1000)));
    return x;
  }
}
