package io.github.streamexecutors.benchmarks;

import java.util.ArrayList;
import java.util.List;
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
 * W1, trivial work: {@code x -> x * 31 + 7} over 10^6 boxed inputs on a pool of 4. One operation
 * maps and consumes all of them, so the score is the time per 10^6 items: pure per-item overhead of
 * each alternative (hand-offs, allocation, wake-ups).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class TrivialWork {

  @Param({"1000000"})
  int inputs;

  @Param({"4"})
  int poolSize;

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

  private List<Integer> source;
  private Fixture fixture;

  @Setup(Level.Trial)
  public void setUp() {
    source = new ArrayList<>(inputs);
    for (int i = 0; i < inputs; i++) {
      source.add(i);
    }
    fixture = new Fixture(poolSize);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    fixture.close();
  }

  static Integer work(Integer x) {
    return x * 31 + 7;
  }

  @Benchmark
  public long map() {
    try (Stream<Integer> results = alternative.map(fixture, TrivialWork::work, source)) {
      return results.mapToLong(Integer::longValue).sum();
    }
  }
}
