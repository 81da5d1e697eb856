package io.github.streamexecutors.benchmarks;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W3, slow producer: input i becomes available at {@code (i + 1) * 2 ms} after the operation starts
 * (deadline-based, so the source does not drift), 200 inputs, each task sleeps 10 ms, pool 16. One
 * operation opens the map and takes the first {@code first} results; the score is the time to the
 * first result ({@code first=1}, ideal 12 ms) or to the first 10 ({@code first=10}, ideal 30 ms).
 * Closing the stream is not timed: it runs in a per-invocation tear-down.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SlowProducer {

  private static final long INPUT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  @Param({"200"})
  int inputs;

  @Param({"16"})
  int poolSize;

  @Param({"1", "10"})
  int first;

  @Param({
    "SUBMIT_ALL",
    "INVOKE_ALL",
    "STREAM_EXECUTOR",
    "STREAM_EXECUTOR_CHUNKED",
    "STREAM_EXECUTOR_ADAPTIVE",
    "COMPLETABLE_FUTURE",
    "REACTOR",
    "PARALLEL_COLLECTORS",
    "PARALLEL_COLLECTORS_BATCHING",
    "SEQUENTIAL"
  })
  Alternative alternative;

  private Fixture fixture;
  private Stream<Integer> open;

  @Setup(Level.Trial)
  public void setUp() {
    fixture = new Fixture(poolSize);
  }

  @TearDown(Level.Invocation)
  public void closeMap() {
    if (open != null) {
      open.close();
      open = null;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    fixture.close();
  }

  static Integer work(Integer x) {
    Sleeps.sleepMillis(10);
    return x;
  }

  @Benchmark
  public long firstResults() {
    Iterable<Integer> source = paced(inputs, System.nanoTime());
    open = alternative.map(fixture, SlowProducer::work, source);
    Iterator<Integer> results = open.iterator();
    long sum = 0;
    for (int i = 0; i < first; i++) {
      sum += results.next();
    }
    return sum;
  }

  /** Inputs 0..count-1, input i handed out no earlier than start + (i + 1) * 2 ms. */
  static Iterable<Integer> paced(int count, long start) {
    return () ->
        new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < count;
          }

          @Override
          public Integer next() {
            if (next >= count) {
              throw new NoSuchElementException();
            }
            Sleeps.sleepUntil(start + (next + 1) * INPUT_INTERVAL_NANOS);
            return next++;
          }
        };
  }
}
