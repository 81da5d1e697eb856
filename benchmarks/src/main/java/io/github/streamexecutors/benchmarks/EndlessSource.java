package io.github.streamexecutors.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * W4, endless source: a custom measurement, not a JMH score. For each lazy alternative, with the
 * read-ahead knob at 100 (our buffer size; Reactor's and mapConcurrent's concurrency), on a pool of
 * 4: consume 10 000 results of an endless source, close the stream, then report
 *
 * <ul>
 *   <li>{@code readWhenConsumed}, {@code readIdle}, {@code readAfter}: inputs pulled beyond the 10
 *       000 consumed, right after the last one was taken, after the consumer then idled 200 ms (the
 *       read-ahead bound: should equal the knob), and 500 ms after close (a feeder still running
 *       would show as growth);
 *   <li>{@code resultsReachable}: results (10 kB arrays, each tracked by a weak reference) still
 *       strongly reachable after close and repeated GCs, the pool still alive; nothing should be;
 *   <li>{@code retainedBytes}: heap used after close and GC minus heap used before the map.
 * </ul>
 *
 * The eager alternatives (submit-all, invokeAll, CompletableFuture, parallel-collectors) read the
 * whole source before returning, so on an endless one they never return: they are not run.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.streamexecutors.benchmarks.EndlessSource
 * [out.json] [ALTERNATIVE...]}
 */
public final class EndlessSource {

  private static final int CONSUMED = 10_000;
  private static final int READ_AHEAD = 100;
  private static final int RESULT_BYTES = 10_000;

  private EndlessSource() {}

  public static void main(String[] args) throws Exception {
    Rows rows = new Rows("W4 endless source, read-ahead " + READ_AHEAD + ", consume " + CONSUMED);
    for (Alternative alternative : Cli.alternatives(args, 1)) {
      if (!alternative.isLazy()) {
        rows.add(alternative).put("note", "reads the whole source first: never returns");
        continue;
      }
      measure(alternative); // warm-up
      measure(alternative).forEach(rows.add(alternative)::put);
    }
    rows.print();
    if (args.length > 0) {
      rows.write(Path.of(args[0]));
    }
  }

  private static Map<String, Object> measure(Alternative alternative) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    Queue<WeakReference<byte[]>> produced = new ConcurrentLinkedQueue<>();
    AtomicLong pulled = new AtomicLong();
    long readWhenConsumed;
    long readIdle;
    long readAfter;
    long reachable;
    long retained;
    long heapBefore;
    try (Fixture fixture = new Fixture(4, READ_AHEAD, READ_AHEAD)) {
      settleHeap();
      heapBefore = memory.getHeapMemoryUsage().getUsed();
      long[] read = consumeAndClose(alternative, fixture, pulled, produced);
      readWhenConsumed = read[0];
      readIdle = read[1];
      TimeUnit.MILLISECONDS.sleep(500);
      readAfter = pulled.get();
      // Measured while the pool and the executor are still alive, as they would be in a service.
      settleHeap();
      reachable = produced.stream().filter(ref -> ref.get() != null).count();
      retained = memory.getHeapMemoryUsage().getUsed() - heapBefore;
    }
    return new TreeMap<>(
        Map.of(
            "readWhenConsumed",
            readWhenConsumed - CONSUMED,
            "readIdle",
            readIdle - CONSUMED,
            "readAfter",
            readAfter - CONSUMED,
            "resultsReachable",
            reachable,
            "retainedBytes",
            retained));
  }

  /**
   * Consumes {@link #CONSUMED} results and closes the stream; returns inputs pulled then, and after
   * the consumer idled 200 ms before closing. A method of its own so that no local variable of the
   * caller's frame keeps the stream reachable.
   */
  private static long[] consumeAndClose(
      Alternative alternative,
      Fixture fixture,
      AtomicLong pulled,
      Queue<WeakReference<byte[]>> produced) {
    Iterable<Long> endless =
        () ->
            new Iterator<>() {
              @Override
              public boolean hasNext() {
                return true;
              }

              @Override
              public Long next() {
                return pulled.incrementAndGet();
              }
            };
    try (Stream<byte[]> results =
        alternative.map(
            fixture,
            (Long x) -> {
              byte[] result = new byte[RESULT_BYTES];
              result[0] = x.byteValue();
              produced.add(new WeakReference<>(result));
              return result;
            },
            endless)) {
      Iterator<byte[]> it = results.iterator();
      long check = 0;
      for (int i = 0; i < CONSUMED; i++) {
        check += it.next()[0];
      }
      if (check == 42) {
        System.out.print("");
      }
      long whenConsumed = pulled.get();
      idle();
      return new long[] {whenConsumed, pulled.get()};
    }
  }

  private static void idle() {
    try {
      TimeUnit.MILLISECONDS.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void settleHeap() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }
}
