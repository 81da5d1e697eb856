package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad arguments fail at the call, with a message that names them and says what is allowed. */
class ArgumentsTest {

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void nullFunctionIsRejectedByName(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(1, 2);
    TestSource source = TestSource.infinite();

    assertThatThrownBy(() -> overload.map(executor, null, source, 2))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("fn");
    assertNothingStarted(executor, source);
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void nullInputsAreRejectedByName(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(1, 2);
    Function<Integer, Integer> fn = x -> x;

    assertThatThrownBy(
            () -> {
              switch (overload) {
                case ITERABLE -> executor.map(fn, (Iterable<Integer>) null);
                case ITERABLE_WITH_BUFFER_SIZE -> executor.map(fn, (Iterable<Integer>) null, 2);
                case ITERATOR_WITH_BUFFER_SIZE -> executor.map(fn, (Iterator<Integer>) null, 2);
                case STREAM -> executor.map(fn, (Stream<Integer>) null);
                case STREAM_WITH_BUFFER_SIZE -> executor.map(fn, (Stream<Integer>) null, 2);
              }
            })
        .isInstanceOf(NullPointerException.class)
        .hasMessage("inputs");
    assertNothingStarted(executor, TestSource.infinite());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, -5, Integer.MIN_VALUE})
  void bufferSizeBelowOneIsRejected(int bufferSize) {
    for (MapOverload overload : MapOverload.values()) {
      if (!overload.namesBufferSize()) {
        continue;
      }
      StreamTaskExecutor executor = executors.executor(1, 2);
      TestSource source = TestSource.infinite();
      assertThatThrownBy(() -> overload.map(executor, x -> x, source, bufferSize))
          .as(overload.name())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bufferSize must be at least 1")
          .hasMessageContaining("UNBOUNDED")
          .hasMessageContaining("was " + bufferSize);
      assertNothingStarted(executor, source);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, -5})
  void defaultBufferSizeBelowOneIsRejected(int bufferSize) {
    assertThatThrownBy(() -> new StreamTaskExecutor(executors.pool(1), bufferSize))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("defaultBufferSize must be at least 1")
        .hasMessageContaining("was " + bufferSize);
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void unboundedAndOneAreAccepted(MapOverload overload) {
    for (int bufferSize : new int[] {1, StreamTaskExecutor.UNBOUNDED}) {
      StreamTaskExecutor executor = executors.executor(2, bufferSize);
      try (Stream<Integer> results =
          overload.map(executor, x -> x + 1, TestSource.of(3), bufferSize)) {
        assertThat(results.toList()).containsExactly(1, 2, 3);
      }
    }
  }

  @Test
  void constructorRejectsMissingOrBlankArguments() {
    assertThatThrownBy(() -> new StreamTaskExecutor(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("delegate");
    assertThatThrownBy(() -> new StreamTaskExecutor(null, 5))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("delegate");
    assertThatThrownBy(() -> new StreamTaskExecutor(executors.pool(1), 5, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> new StreamTaskExecutor(executors.pool(1), 5, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThat(new StreamTaskExecutor(executors.pool(1)).defaultBufferSize())
        .isEqualTo(StreamTaskExecutor.DEFAULT_BUFFER_SIZE);
  }

  private static void assertNothingStarted(StreamTaskExecutor executor, TestSource source) {
    assertThat(executor.activeMaps()).isZero();
    assertThat(TestExecutors.feederThreads(executor)).isEmpty();
    assertThat(source.openedOn()).isNull();
  }
}
