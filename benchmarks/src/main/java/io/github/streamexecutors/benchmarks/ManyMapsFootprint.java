package io.github.streamexecutors.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * W5, many short maps, the figures JMH does not give: per-map wall time, bytes allocated per map by
 * every thread (terminated ones included, via {@code getTotalThreadAllocatedBytes}, which JMH's
 * {@code -prof gc} misses for a per-map feeder thread) and threads started per map. 1000 maps of
 * 100 trivial inputs on a pool of 4, back to back on one thread, then from 16 threads at once (the
 * 16 consumer threads themselves are not counted). Each figure is the best of 3 rounds, after 3
 * warm-up rounds.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.streamexecutors.benchmarks.ManyMapsFootprint
 * [out.json] [ALTERNATIVE...]}
 */
public final class ManyMapsFootprint {

  private static final int MAPS = 1000;
  private static final int INPUTS = 100;
  private static final int CONSUMERS = 16;
  private static final int ROUNDS = 3;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private ManyMapsFootprint() {}

  public static void main(String[] args) throws Exception {
    Rows rows = new Rows("W5 many maps: " + MAPS + " maps of " + INPUTS + " inputs, pool 4");
    List<Integer> source = IntStream.range(0, INPUTS).boxed().toList();
    for (Alternative alternative : Cli.alternatives(args, 1)) {
      try (Fixture fixture = new Fixture(4)) {
        Map<String, Object> row = rows.add(alternative);
        for (int consumers : new int[] {1, CONSUMERS}) {
          double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
          for (int round = 0; round < 2 * ROUNDS; round++) {
            double[] figures = round(alternative, fixture, source, consumers);
            if (round >= ROUNDS) {
              for (int i = 0; i < best.length; i++) {
                best[i] = Math.min(best[i], figures[i]);
              }
            }
          }
          String suffix = consumers == 1 ? "Sequential" : "Concurrent" + consumers;
          row.put("usPerMap" + suffix, Math.round(best[0] * 100) / 100.0);
          row.put("bytesPerMap" + suffix, Math.round(best[1]));
          row.put("threadsPerMap" + suffix, Math.round(best[2] * 1000) / 1000.0);
        }
      }
    }
    rows.print();
    if (args.length > 0) {
      rows.write(Path.of(args[0]));
    }
  }

  /** One round: {@link #MAPS} maps split over {@code consumers} threads; per-map figures. */
  private static double[] round(
      Alternative alternative, Fixture fixture, List<Integer> source, int consumers)
      throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    int perConsumer = MAPS / consumers;
    int maps = perConsumer * consumers;
    for (int c = 0; c < consumers && consumers > 1; c++) {
      threads.add(
          new Thread(
              () -> {
                awaitQuietly(start);
                runMaps(alternative, fixture, source, perConsumer);
              },
              "bench-consumer-" + c));
    }
    threads.forEach(Thread::start);
    long startedBefore = THREADS.getTotalStartedThreadCount();
    long bytesBefore = THREADS.getTotalThreadAllocatedBytes();
    long t0 = System.nanoTime();
    if (consumers == 1) {
      runMaps(alternative, fixture, source, maps);
    } else {
      start.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
    }
    long nanos = System.nanoTime() - t0;
    long bytes = THREADS.getTotalThreadAllocatedBytes() - bytesBefore;
    long started = THREADS.getTotalStartedThreadCount() - startedBefore;
    return new double[] {nanos / 1e3 / maps, (double) bytes / maps, (double) started / maps};
  }

  private static void runMaps(
      Alternative alternative, Fixture fixture, List<Integer> source, int maps) {
    long sum = 0;
    for (int i = 0; i < maps; i++) {
      try (Stream<Integer> results = alternative.map(fixture, TrivialWork::work, source)) {
        sum += results.mapToLong(Integer::longValue).sum();
      }
    }
    if (sum == 42) {
      System.out.print("");
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
