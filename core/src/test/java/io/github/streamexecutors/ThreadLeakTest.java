package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No thread outlives its map: thousands of maps in sequence leave the thread count where it was,
 * and many maps at once on one executor are independent.
 */
class ThreadLeakTest {

  private static final int SEQUENTIAL_MAPS = 2_000;

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  /** How a map of the sequence ends. */
  enum Ending {
    READ_TO_THE_END,
    CLOSED_EARLY,
    ABANDONED
  }

  @Test
  void thousandsOfMapsInSequenceLeaveTheThreadCountWhereItWas() {
    ThreadPoolExecutor pool = (ThreadPoolExecutor) executors.pool(4);
    pool.prestartAllCoreThreads();
    StreamTaskExecutor executor = executors.executor(pool, 4);
    for (Ending ending : Ending.values()) {
      run(MapOverload.ITERABLE, ending, executor);
    }
    awaitNoMapLeft(executor);
    int baseline = liveThreads();

    for (int i = 0; i < SEQUENTIAL_MAPS; i++) {
      MapOverload overload = MapOverload.values()[i % MapOverload.values().length];
      Ending ending = Ending.values()[(i / MapOverload.values().length) % Ending.values().length];
      run(overload, ending, executor);
    }

    awaitNoMapLeft(executor);
    eventually().until(ThreadLeakTest::liveThreads, count -> count <= baseline);
  }

  private static void run(MapOverload overload, Ending ending, StreamTaskExecutor executor) {
    switch (ending) {
      case READ_TO_THE_END -> {
        try (Stream<Integer> results = overload.map(executor, x -> x, TestSource.of(5), 4)) {
          assertThat(results.toList()).containsExactly(0, 1, 2, 3, 4);
        }
      }
      case CLOSED_EARLY -> {
        try (Stream<Integer> results = overload.map(executor, x -> x, TestSource.infinite(), 4)) {
          assertThat(results.limit(2).toList()).containsExactly(0, 1);
        }
      }
      case ABANDONED -> {
        Iterator<Integer> results =
            overload.<Integer>map(executor, x -> x, TestSource.infinite(), 4).iterator();
        assertThat(results.next()).isZero();
      }
    }
  }

  private static void awaitNoMapLeft(StreamTaskExecutor executor) {
    eventually()
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              System.gc();
              return executor.activeMaps() == 0 && TestExecutors.feederThreads(executor).isEmpty();
            });
  }

  private static int liveThreads() {
    return Thread.getAllStackTraces().size();
  }

  @Test
  void manyConcurrentMapsOnOneExecutorAreIndependent() {
    StreamTaskExecutor executor = executors.executor(8, 4);
    ExecutorService consumers = executors.track(Executors.newFixedThreadPool(32));
    List<CompletableFuture<Void>> done = new ArrayList<>();

    for (int consumer = 0; consumer < 32; consumer++) {
      int offset = consumer * 1_000_000;
      done.add(
          CompletableFuture.runAsync(
              () -> {
                for (int map = 0; map < 20; map++) {
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  MapOverload overload =
                      MapOverload.values()[random.nextInt(MapOverload.values().length)];
                  int bufferSize = overload.namesBufferSize() ? 1 + random.nextInt(8) : 4;
                  int size = random.nextInt(100);
                  try (Stream<Integer> results =
                      overload.map(executor, x -> offset + x, TestSource.of(size), bufferSize)) {
                    assertThat(results.toList())
                        .isEqualTo(IntStream.range(0, size).map(x -> offset + x).boxed().toList());
                  }
                }
              },
              consumers));
    }

    assertThat(CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)))
        .succeedsWithin(Duration.ofSeconds(60));
    assertThat(executor.activeMaps()).isZero();
    eventually().until(() -> TestExecutors.feederThreads(executor).isEmpty());
  }
}
