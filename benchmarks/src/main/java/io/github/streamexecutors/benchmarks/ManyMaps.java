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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W5, many short maps: one operation is one whole map of 100 trivial inputs on a pool of 4, so the
 * score is the per-map cost. {@link #oneAtATime} runs them back to back on one thread; {@link
 * #sixteenConcurrent} from 16 threads at once on the same pool (its score is the latency of one map
 * while 15 others run). Run with {@code -prof gc} for bytes per map; JMH counts only the allocation
 * of threads alive when it samples, so a per-map feeder thread's allocation is missed: {@link
 * ManyMapsFootprint} counts every thread's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ManyMaps {

  @Param({"100"})
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

  private long oneMap() {
    try (Stream<Integer> results = alternative.map(fixture, TrivialWork::work, source)) {
      return results.mapToLong(Integer::longValue).sum();
    }
  }

  @Benchmark
  @Threads(1)
  public long oneAtATime() {
    return oneMap();
  }

  @Benchmark
  @Threads(16)
  public long sixteenConcurrent() {
    return oneMap();
  }
}
