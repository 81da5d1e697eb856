package io.github.streamexecutors.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W2's ideal, measured in the same run: {@code ceil(inputs / poolSize)} 1 ms sleeps back to back on
 * one thread, which is what each worker does when the work is spread perfectly over the pool.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class BlockingWorkIdeal {

  @Param({"2000"})
  int inputs;

  @Param({"16"})
  int poolSize;

  @Benchmark
  public int sleeps() {
    int rounds = (inputs + poolSize - 1) / poolSize;
    for (int i = 0; i < rounds; i++) {
      Sleeps.sleepMillis(1);
    }
    return rounds;
  }
}
