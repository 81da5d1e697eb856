package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A waiting consumer is woken by whoever makes its result available, not by its periodic check of
 * the pool (every 50 ms): 2000 waits would take 100 s if a wake-up were lost, here they must end in
 * seconds. A feeder waiting for a batch of free slots gives up after 1 ms; BackpressureTest
 * switches that patience off in the tests of its wake-ups, so they hang if one is lost.
 */
class WakeUpTest {

  private static final int INPUTS = 2_000;
  private static final Duration BOUND = Duration.ofSeconds(20);

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 16})
  void theWorkerWakesAConsumerWaitingForItsTask(int chunkSize) {
    StreamTaskExecutor executor = executors.executor(2, 1);
    MapOptions options = MapOptions.defaults().withBufferSize(1).withChunkSize(chunkSize);
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          try (Stream<Integer> results =
              executor.map(
                  (Integer x) -> {
                    LockSupport.parkNanos(20_000);
                    return x;
                  },
                  IntStream.range(0, INPUTS).boxed(),
                  options)) {
            assertThat(results.collect(Collectors.toList()))
                .containsExactlyElementsOf(
                    IntStream.range(0, INPUTS).boxed().collect(Collectors.toList()));
          }
        });
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 64})
  void theFeederWakesAConsumerWaitingForTheNextInput(int chunkSize) {
    StreamTaskExecutor executor = executors.executor(2, 4);
    MapOptions options = MapOptions.defaults().withBufferSize(4).withChunkSize(chunkSize);
    Iterator<Integer> slowSource =
        new Iterator<>() {
          int next;

          @Override
          public boolean hasNext() {
            return next < INPUTS;
          }

          @Override
          public Integer next() {
            LockSupport.parkNanos(20_000);
            return next++;
          }
        };
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          try (Stream<Integer> results = executor.map((Integer x) -> x, slowSource, options)) {
            assertThat(results.count()).isEqualTo(INPUTS);
          }
        });
  }
}
