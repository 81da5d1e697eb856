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
 * W2, blocking work: each task sleeps 1 ms; 2000 inputs on a pool of 16. The ideal wall time is
 * {@code ceil(2000 / 16)} sleeps back to back, measured in the same run by {@link
 * BlockingWorkIdeal}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class BlockingWork {

  @Param({"2000"})
  int inputs;

  @Param({"16"})
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
    Sleeps.sleepMillis(1);
    return x;
  }

  @Benchmark
  public long map() {
    try (Stream<Integer> results = alternative.map(fixture, BlockingWork::work, source)) {
      return results.mapToLong(Integer::longValue).sum();
    }
  }
}
