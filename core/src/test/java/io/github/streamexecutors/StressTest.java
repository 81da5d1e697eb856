package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Many random interleavings: random pool and buffer sizes, task durations, failures of the function
 * and of the source, early close by the consumer or by another thread. Each run checks order, the
 * bound at every pull and after every result, no hang, and nothing left running. Tagged {@code
 * stress}: the mutation profile leaves it out.
 */
@Tag("stress")
class StressTest {

  private static final int ITERATIONS = 400;
  private static final Duration ITERATION_DEADLINE = Duration.ofSeconds(30);
  private static final AtomicInteger NAMES = new AtomicInteger();

  @Test
  void randomInterleavingsKeepOrderAndBoundAndLeaveNothingRunning() {
    long seed = Long.getLong("stress.seed", System.nanoTime());
    SplittableRandom seeds = new SplittableRandom(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      long iterationSeed = seeds.nextLong();
      assertTimeoutPreemptively(
          ITERATION_DEADLINE,
          () -> new Scenario(new Random(iterationSeed)).run(),
          () -> "iteration with seed " + iterationSeed + " hung (suite seed " + seed + ")");
    }
  }

  @Test
  void noInputIsPulledAfterCloseOfAThreeStagePipelineHasReturned() {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    ExecutorService readers = Executors.newSingleThreadExecutor();
    StreamTaskExecutor executor =
        new StreamTaskExecutor(pool, 1, "stress" + NAMES.incrementAndGet());
    try {
      for (int run = 0; run < 300; run++) {
        SlowPullSource source = new SlowPullSource();
        Stream<Integer> third =
            executor.map(
                (Integer x) -> x,
                executor.map((Integer x) -> x, executor.map(x -> x, source, 1), 1),
                1);
        java.util.Iterator<Integer> results = third.iterator();
        AtomicInteger read = new AtomicInteger();
        java.util.concurrent.Future<?> reader =
            readers.submit(
                () -> {
                  while (results.hasNext()) {
                    results.next();
                    read.incrementAndGet();
                  }
                });
        int closeAfter = 1 + run % 4;
        eventually().until(() -> read.get() >= closeAfter);

        // Closed while the consumer keeps reading: the first stage is pulling most of the time.
        third.close();
        long pulledAtClose = source.pulls.get();

        assertThat(reader).succeedsWithin(TestExecutors.DEADLINE);
        eventually().until(() -> TestExecutors.feederThreads(executor).isEmpty());
        assertThat(source.pulls.get())
            .as("pulls after close, run %d", run)
            .isEqualTo(pulledAtClose);
      }
    } finally {
      readers.shutdownNow();
      pool.shutdownNow();
    }
  }

  /** An endless source whose next() takes about 20 µs, counted when next() returns. */
  private static final class SlowPullSource implements java.util.Iterator<Integer> {
    private final AtomicInteger pulls = new AtomicInteger();

    @Override
    public boolean hasNext() {
      return true;
    }

    @Override
    public Integer next() {
      long until = System.nanoTime() + 20_000;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      return pulls.incrementAndGet();
    }
  }

  /** How the consumer stops reading, if it stops early. */
  private enum Stop {
    NEVER,
    CONSUMER_CLOSES,
    OTHER_THREAD_CLOSES
  }

  /** What ends the results when nobody closes early. */
  private enum Terminal {
    END,
    FUNCTION_FAILURE,
    SOURCE_FAILURE
  }

  private static final class Scenario {
    private final int poolSize;
    private final int bufferSize;
    private final MapOverload overload;
    private final long size;
    private final int functionFailsAt;
    private final int sourceFailsAt;
    private final Stop stop;
    private final int stopAfter;
    private final int taskTiming;
    private final RuntimeException functionFailure = new IllegalStateException("function");
    private final RuntimeException sourceFailure = new IllegalStateException("source");
    private final String description;

    Scenario(Random random) {
      poolSize = 1 + random.nextInt(8);
      MapOverload[] overloads = MapOverload.values();
      overload = overloads[random.nextInt(overloads.length)];
      bufferSize = random.nextInt(10) == 0 ? StreamTaskExecutor.UNBOUNDED : 1 + random.nextInt(16);
      boolean infinite = bufferSize != StreamTaskExecutor.UNBOUNDED && random.nextInt(4) == 0;
      size = infinite ? Long.MAX_VALUE : random.nextInt(120);
      functionFailsAt = random.nextInt(5) == 0 ? random.nextInt(150) : -1;
      sourceFailsAt = random.nextInt(5) == 0 ? random.nextInt(150) : -1;
      Stop chosen =
          switch (random.nextInt(8)) {
            case 0, 1 -> Stop.CONSUMER_CLOSES;
            case 2 -> Stop.OTHER_THREAD_CLOSES;
            default -> Stop.NEVER;
          };
      if (infinite && chosen == Stop.NEVER && functionFailsAt < 0 && sourceFailsAt < 0) {
        chosen = Stop.CONSUMER_CLOSES;
      }
      stop = chosen;
      stopAfter = random.nextInt(150);
      taskTiming = random.nextInt(3);
      description =
          String.format(
              "pool %d, buffer %d, %s, size %d, function fails at %d, source fails at %d,"
                  + " %s after %d, timing %d",
              poolSize,
              bufferSize,
              overload,
              size,
              functionFailsAt,
              sourceFailsAt,
              stop,
              stopAfter,
              taskTiming);
    }

    /** Results before the terminal, when nobody closes early. */
    long resultsBeforeTerminal() {
      return switch (terminal()) {
        case FUNCTION_FAILURE -> functionFailsAt;
        case SOURCE_FAILURE -> sourceFailsAt;
        case END -> size;
      };
    }

    Terminal terminal() {
      boolean sourceFails = sourceFailsAt >= 0 && sourceFailsAt <= size;
      long inputs = sourceFails ? sourceFailsAt : size;
      if (functionFailsAt >= 0 && functionFailsAt < inputs) {
        return Terminal.FUNCTION_FAILURE;
      }
      return sourceFails ? Terminal.SOURCE_FAILURE : Terminal.END;
    }

    void run() throws InterruptedException {
      ExecutorService pool = Executors.newFixedThreadPool(poolSize);
      StreamTaskExecutor executor =
          new StreamTaskExecutor(pool, bufferSize, "stress" + NAMES.incrementAndGet());
      Reader<Integer> reader = new Reader<>();
      TestSource source = TestSource.of(size);
      if (sourceFailsAt >= 0) {
        source.failAfter(sourceFailsAt, sourceFailure);
      }
      if (bufferSize != StreamTaskExecutor.UNBOUNDED) {
        source.checkBound(reader::requested, bufferSize);
      }
      try {
        Stream<Integer> results = overload.map(executor, function(), source, bufferSize);
        reader.read(results);
        check(results, reader, source);
        results.close();
        assertThat(source.closes()).as(description).isEqualTo(1);
        assertThat(source.boundViolated()).as("bound violated: " + description).isFalse();
        assertThat(executor.activeMaps()).as(description).isZero();
        eventually().until(() -> TestExecutors.feederThreads(executor).isEmpty());
      } finally {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      }
    }

    private Function<Integer, Integer> function() {
      return x -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (taskTiming == 1) {
          LockSupport.parkNanos(random.nextLong(TimeUnit.MILLISECONDS.toNanos(1)));
        } else if (taskTiming == 2) {
          long until = System.nanoTime() + random.nextLong(TimeUnit.MICROSECONDS.toNanos(200));
          while (System.nanoTime() < until) {
            Thread.onSpinWait();
          }
        }
        if (x == functionFailsAt) {
          throw functionFailure;
        }
        return x * 3;
      };
    }

    private void check(Stream<Integer> results, Reader<Integer> reader, TestSource source)
        throws InterruptedException {
      long expected = resultsBeforeTerminal();
      List<Integer> received = new ArrayList<>();
      RuntimeException thrown = null;
      Thread closer = null;
      try {
        while (true) {
          if (received.size() == stopAfter && stop == Stop.CONSUMER_CLOSES) {
            results.close();
          }
          if (received.size() == stopAfter && stop == Stop.OTHER_THREAD_CLOSES && closer == null) {
            closer = new Thread(results::close, "stress-closer");
            closer.start();
          }
          if (!reader.hasNext()) {
            break;
          }
          received.add(reader.next());
          if (bufferSize != StreamTaskExecutor.UNBOUNDED) {
            assertThat(source.pulls() - reader.received())
                .as("bound after a result: " + description)
                .isLessThanOrEqualTo(bufferSize);
          }
        }
      } catch (IllegalStateException failure) {
        thrown = failure;
      }
      if (closer != null) {
        closer.join();
      }
      for (int i = 0; i < received.size(); i++) {
        assertThat(received.get(i)).as(description).isEqualTo(i * 3);
      }
      boolean closedEarly = stop != Stop.NEVER && stopAfter <= expected;
      if (thrown != null) {
        assertThat(received).as(description).hasSize(Math.toIntExact(expected));
        assertThat(thrown)
            .as(description)
            .isSameAs(terminal() == Terminal.SOURCE_FAILURE ? sourceFailure : functionFailure);
        assertThat(stop == Stop.CONSUMER_CLOSES && closedEarly).as(description).isFalse();
      } else if (stop == Stop.CONSUMER_CLOSES && closedEarly) {
        assertThat(received).as(description).hasSize(stopAfter);
      } else if (stop == Stop.OTHER_THREAD_CLOSES && closedEarly) {
        // The close lands at some point after stopAfter: any prefix from there on, no failure.
        assertThat((long) received.size()).as(description).isBetween((long) stopAfter, expected);
      } else {
        assertThat(received).as(description).hasSize(Math.toIntExact(expected));
        assertThat(terminal()).as(description).isEqualTo(Terminal.END);
      }
      assertThat(reader.hasNext()).as(description).isFalse();
      try {
        reader.next();
        throw new AssertionError("a result after the end: " + description);
      } catch (NoSuchElementException expectedEnd) {
        // the end stays the end
      }
    }
  }
}
