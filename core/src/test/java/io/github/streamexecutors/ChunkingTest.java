package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Grouping consecutive inputs into one pool task: opt-in, same contract per input. */
class ChunkingTest {

  private final AtomicInteger submissions = new AtomicInteger();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final StreamTaskExecutor executor =
      new StreamTaskExecutor(new CountingExecutor(pool, submissions));

  @AfterEach
  void shutDown() throws InterruptedException {
    executor.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  static Stream<MapOptions> chunkedOptions() {
    return Stream.of(
        MapOptions.defaults().withChunkSize(2),
        MapOptions.defaults().withChunkSize(64).withBufferSize(10),
        MapOptions.defaults().withChunkSize(1000).withBufferSize(StreamTaskExecutor.UNBOUNDED),
        MapOptions.defaults().withAdaptiveChunking(),
        MapOptions.defaults().withAdaptiveChunking().withBufferSize(3));
  }

  @ParameterizedTest
  @MethodSource("chunkedOptions")
  void resultsComeInInputOrder(MapOptions options) {
    List<Integer> inputs = IntStream.range(0, 50_000).boxed().collect(Collectors.toList());
    try (Stream<Integer> results = executor.map((Integer x) -> x * 31 + 7, inputs, options)) {
      assertThat(results.collect(Collectors.toList()))
          .isEqualTo(inputs.stream().map(x -> x * 31 + 7).collect(Collectors.toList()));
    }
  }

  @ParameterizedTest
  @MethodSource("chunkedOptions")
  void boundStillCountsInputs(MapOptions options) {
    int bufferSize = options.bufferSize() == 0 ? 100 : Math.min(options.bufferSize(), 1000);
    MapOptions bounded = options.withBufferSize(bufferSize);
    AtomicLong pulled = new AtomicLong();
    AtomicLong taken = new AtomicLong();
    AtomicLong mostAhead = new AtomicLong();
    Iterator<Integer> source =
        IntStream.range(0, 20_000)
            .peek(
                i -> {
                  long ahead = pulled.incrementAndGet() - taken.get();
                  mostAhead.accumulateAndGet(ahead, Math::max);
                })
            .boxed()
            .iterator();
    try (Stream<Integer> results = executor.map((Integer x) -> x, source, bounded)) {
      results.forEach(x -> taken.incrementAndGet());
    }
    // The consumer counts a result only once it holds it, after the stream handed it over and
    // gave its permit back, so it may see one more pulled than the bound counts.
    assertThat(mostAhead.get()).isLessThanOrEqualTo(bufferSize + 1);
    assertThat(taken).hasValue(20_000);
  }

  @Test
  void tinyTasksShareSubmissionsWhenAdaptive() {
    try (Stream<Integer> results =
        executor.map(
            (Integer x) -> x + 1,
            IntStream.range(0, 200_000).boxed(),
            MapOptions.defaults().withAdaptiveChunking())) {
      assertThat(results.count()).isEqualTo(200_000);
    }
    // How much is grouped depends on measured pace (and on this machine's load); that most
    // inputs share a task is what chunking promises. The benchmarks measure the gain.
    assertThat(submissions.get()).isLessThan(200_000 / 4);
  }

  @Test
  void slowTasksAreNotGroupedWhenAdaptive() {
    try (Stream<Integer> results =
        executor.map(
            (Integer x) -> sleepMillis(1, x),
            IntStream.range(0, 100).boxed(),
            MapOptions.defaults().withAdaptiveChunking())) {
      assertThat(results.count()).isEqualTo(100);
    }
    assertThat(submissions.get()).isEqualTo(100);
  }

  @Test
  void tasksThatTurnSlowStillRunInParallel() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    int tiny = 100_000;
    try (Stream<Integer> results =
        executor.map(
            (Integer x) -> {
              if (x < tiny) {
                return x;
              }
              mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
              try {
                return sleepMillis(2, x);
              } finally {
                running.decrementAndGet();
              }
            },
            IntStream.range(0, tiny + 400).boxed(),
            MapOptions.defaults().withAdaptiveChunking().withBufferSize(64))) {
      assertThat(results.count()).isEqualTo(tiny + 400);
    }
    assertThat(mostAtOnce.get()).isGreaterThanOrEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("chunkedOptions")
  void aResultIsDeliveredWhileTheSourceBlocks(MapOptions options) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Iterator<Integer> source =
        new Iterator<>() {
          int next;

          @Override
          public boolean hasNext() {
            if (next == 3) {
              awaitLatch(release);
            }
            return next < 5;
          }

          @Override
          public Integer next() {
            return next++;
          }
        };
    try (Stream<Integer> results = executor.map((Integer x) -> x * 2, source, options)) {
      Iterator<Integer> it = results.iterator();
      assertThat(it.next()).isZero();
      assertThat(it.next()).isEqualTo(2);
      assertThat(it.next()).isEqualTo(4);
      release.countDown();
      assertThat(it.next()).isEqualTo(6);
      assertThat(it.next()).isEqualTo(8);
      assertThat(it.hasNext()).isFalse();
    } finally {
      release.countDown();
    }
  }

  @Test
  void resultsOfAGroupAreDeliveredWhileALaterInputOfItBlocks() throws Exception {
    // Fast inputs, then one that blocks until the consumer holds every result before it: a group
    // that published its results only at its end would never finish. (Whether the consumer is
    // woken by the next result or by its own periodic check is WakeUpTest's business.)
    int blocking = 20;
    CountDownLatch consumed = new CountDownLatch(1);
    try (Stream<Integer> results =
        executor.map(
            (Integer x) -> {
              if (x == blocking) {
                awaitLatch(consumed);
              }
              return x;
            },
            IntStream.range(0, 40).boxed(),
            MapOptions.defaults().withChunkSize(64))) {
      Iterator<Integer> it = results.iterator();
      for (int i = 0; i < blocking; i++) {
        assertThat(it.next()).isEqualTo(i);
      }
      consumed.countDown();
      for (int i = blocking; i < 40; i++) {
        assertThat(it.next()).isEqualTo(i);
      }
      assertThat(it.hasNext()).isFalse();
    } finally {
      consumed.countDown();
    }
  }

  @ParameterizedTest
  @MethodSource("chunkedOptions")
  void aFailureEndsTheResultsAtItsPosition(MapOptions options) {
    List<Integer> seen = new ArrayList<>();
    try (Stream<Integer> results =
        executor.map(
            (Integer x) -> {
              if (x == 777) {
                throw new IllegalStateException("boom at 777");
              }
              return x;
            },
            IntStream.range(0, 5_000).boxed(),
            options)) {
      Iterator<Integer> it = results.iterator();
      assertThatThrownBy(
              () -> {
                while (it.hasNext()) {
                  seen.add(it.next());
                }
              })
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("boom at 777");
      assertThat(it.hasNext()).isFalse();
    }
    assertThat(seen).isEqualTo(IntStream.range(0, 777).boxed().collect(Collectors.toList()));
  }

  @Test
  void closeStopsARunningGroupBetweenInputs() {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch firstCall = new CountDownLatch(1);
    Stream<Integer> results =
        executor.map(
            (Integer x) -> {
              calls.incrementAndGet();
              firstCall.countDown();
              return sleepMillis(1, x);
            },
            IntStream.range(0, 100_000).boxed(),
            MapOptions.defaults().withChunkSize(1000).withBufferSize(5000));
    awaitLatch(firstCall);
    results.close();
    int afterClose = calls.get();
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(5))
        .until(() -> calls.get() <= afterClose + 4);
  }

  @Test
  void shutdownEndsAChunkedMapWithRejection() {
    Stream<Integer> results =
        executor.map(
            (Integer x) -> x,
            Stream.iterate(0, x -> x + 1),
            MapOptions.defaults().withAdaptiveChunking().withBufferSize(100));
    Iterator<Integer> it = results.iterator();
    assertThat(it.next()).isZero();
    executor.shutdown();
    assertThatThrownBy(
            () -> {
              int expected = 1;
              while (true) {
                assertThat(it.next()).isEqualTo(expected++);
              }
            })
        .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    assertThat(it.hasNext()).isFalse();
  }

  @Test
  void optionsRejectBadValues() {
    assertThatThrownBy(() -> MapOptions.defaults().withChunkSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunkSize must be between 1 and 65536, was 0");
    assertThatThrownBy(() -> MapOptions.defaults().withBufferSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  private static int sleepMillis(long millis, int value) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return value;
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
