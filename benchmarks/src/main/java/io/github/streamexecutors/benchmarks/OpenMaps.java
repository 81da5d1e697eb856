package io.github.streamexecutors.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * W7, many maps open at once: a custom measurement, not a JMH score. For each lazy alternative, on
 * one pool of 4 (one {@code StreamTaskExecutor}), open {@value #MAPS} maps of an endless source
 * with read-ahead {@value #READ_AHEAD} (our buffer size), take one result from each, then leave
 * every consumer idle until the read-ahead has filled (no input pulled for {@value #QUIET_MILLIS}
 * ms, the pool idle). Reported:
 *
 * <ul>
 *   <li>{@code threadsHeld}: peak live threads minus the baseline, and {@code threadsIdle}, live
 *       minus baseline while all maps idle. The baseline is the steady live count after the pool's
 *       4 threads have started and {@value #WARM_UP_MAPS} maps were opened and closed one by one
 *       (it includes threads started once per JVM, and those of a shared pool that outlive their
 *       map for an idle time); {@code threadsBeforeWarmUp} is the count before those maps, and
 *       {@code threadsAboveStart} the peak minus that count: every thread the maps and the library
 *       started, those kept from the warm-up included;
 *   <li>{@code readAheadPerMap}: inputs pulled per map beyond the one taken (our buffer: exactly
 *       {@value #READ_AHEAD});
 *   <li>{@code heapBytesPerMap}: heap used after GC while all maps are open, minus before, per map
 *       (the consumer's stream and iterator included); {@code rssBytesPerMap}: the same for the
 *       process's resident memory, which also counts thread stacks;
 *   <li>{@code openMillis}, {@code closeMillis}: opening (and taking one result from) every map;
 *       closing every stream;
 *   <li>{@code threadsAfterClose}: live minus baseline right after the last close, and {@code
 *       millisToBaseline}: until the live count is back at the baseline, or -1 if it is not within
 *       {@value #BASELINE_DEADLINE_SECONDS} s (threads of a shared pool that end after an idle time
 *       are waited for). The main exits with status 1 if any alternative does not get back.
 * </ul>
 *
 * The eager alternatives read the whole source before returning and are not run.
 *
 * <p>Usage: {@code java -Xms2g -Xmx2g -cp benchmarks.jar
 * io.github.streamexecutors.benchmarks.OpenMaps [out.json] [ALTERNATIVE...]}
 */
public final class OpenMaps {

  private static final int MAPS = Integer.getInteger("openMaps.maps", 10_000);
  private static final int READ_AHEAD = 16;
  private static final int WARM_UP_MAPS = 200;
  private static final int POOL_SIZE = 4;
  private static final long QUIET_MILLIS = 300;
  private static final long FILL_DEADLINE_SECONDS = 120;
  private static final long BASELINE_DEADLINE_SECONDS = 90;

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private OpenMaps() {}

  public static void main(String[] args) throws Exception {
    Rows rows =
        new Rows(
            "W7 open maps: "
                + MAPS
                + " maps open at once, read-ahead "
                + READ_AHEAD
                + ", consumers idle, pool "
                + POOL_SIZE);
    boolean allBack = true;
    for (Alternative alternative : Cli.alternatives(args, 1)) {
      Map<String, Object> row = rows.add(alternative);
      if (!alternative.isLazy()) {
        row.put("note", "reads the whole source first: never returns");
        continue;
      }
      measure(alternative, row);
      allBack &= (long) row.get("millisToBaseline") >= 0;
      System.out.println(row);
    }
    rows.print();
    if (args.length > 0) {
      rows.write(Path.of(args[0]));
    }
    if (!allBack) {
      System.out.println("FAILED: threads did not return to the baseline after every map closed");
      System.exit(1);
    }
  }

  private static void measure(Alternative alternative, Map<String, Object> row) throws Exception {
    try (Fixture fixture = new Fixture(POOL_SIZE, READ_AHEAD, 0)) {
      ((ThreadPoolExecutor) fixture.pool()).prestartAllCoreThreads();
      int beforeWarmUp = THREADS.getThreadCount();
      warmUp(alternative, fixture);
      List<Stream<Integer>> streams = new ArrayList<>(MAPS);
      List<Iterator<Integer>> consumers = new ArrayList<>(MAPS);
      AtomicLong pulled = new AtomicLong();
      settleHeap();
      int baseline = awaitSteadyThreadCount();
      long heapBefore = MEMORY.getHeapMemoryUsage().getUsed();
      long rssBefore = residentBytes();
      THREADS.resetPeakThreadCount();

      long t0 = System.nanoTime();
      for (int i = 0; i < MAPS; i++) {
        Stream<Integer> results = alternative.map(fixture, TrivialWork::work, endless(pulled));
        Iterator<Integer> consumer = results.iterator();
        consumer.next();
        streams.add(results);
        consumers.add(consumer);
      }
      long openNanos = System.nanoTime() - t0;
      awaitFilled(fixture, pulled);
      int idle = THREADS.getThreadCount();
      settleHeap();
      long heapOpen = MEMORY.getHeapMemoryUsage().getUsed();
      long rssOpen = residentBytes();
      int peak = THREADS.getPeakThreadCount();

      long t1 = System.nanoTime();
      streams.forEach(Stream::close);
      long closeNanos = System.nanoTime() - t1;
      streams.clear();
      consumers.clear();
      int afterClose = THREADS.getThreadCount();
      long millisToBaseline = awaitBaseline(baseline);

      row.put("maps", MAPS);
      row.put("threadsBeforeWarmUp", beforeWarmUp);
      row.put("threadsBaseline", baseline);
      row.put("threadsHeld", peak - baseline);
      row.put("threadsAboveStart", peak - beforeWarmUp);
      row.put("threadsIdle", idle - baseline);
      row.put("readAheadPerMap", Math.round((double) pulled.get() / MAPS * 100) / 100.0 - 1);
      row.put("heapBytesPerMap", (heapOpen - heapBefore) / MAPS);
      row.put("rssBytesPerMap", rssBefore < 0 ? -1 : (rssOpen - rssBefore) / MAPS);
      row.put("openMillis", TimeUnit.NANOSECONDS.toMillis(openNanos));
      row.put("closeMillis", TimeUnit.NANOSECONDS.toMillis(closeNanos));
      row.put("threadsAfterClose", afterClose - baseline);
      row.put("millisToBaseline", millisToBaseline);
    }
  }

  /**
   * Opens, reads from and closes {@value #WARM_UP_MAPS} maps one after the other, so that the JIT
   * has compiled the paths and that threads started once per JVM (our reclaimer) are in the
   * baseline.
   */
  private static void warmUp(Alternative alternative, Fixture fixture) {
    AtomicLong pulled = new AtomicLong();
    for (int i = 0; i < WARM_UP_MAPS; i++) {
      try (Stream<Integer> results = alternative.map(fixture, TrivialWork::work, endless(pulled))) {
        results.iterator().next();
      }
    }
  }

  /** The live thread count once it has not changed for {@link #QUIET_MILLIS}. */
  private static int awaitSteadyThreadCount() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BASELINE_DEADLINE_SECONDS);
    int seen = THREADS.getThreadCount();
    long steadySince = System.nanoTime();
    while (System.nanoTime() - steadySince < TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
      int now = THREADS.getThreadCount();
      if (now != seen) {
        seen = now;
        steadySince = System.nanoTime();
      }
    }
    return seen;
  }

  /** An endless source of small integers that counts every pull in {@code pulled}. */
  private static Iterable<Integer> endless(AtomicLong pulled) {
    return () ->
        new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Integer next() {
            pulled.incrementAndGet();
            return next++ & 1023;
          }
        };
  }

  /** Waits until no input was pulled for {@link #QUIET_MILLIS} and the pool has nothing to run. */
  private static void awaitFilled(Fixture fixture, AtomicLong pulled) throws InterruptedException {
    ThreadPoolExecutor pool = (ThreadPoolExecutor) fixture.pool();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FILL_DEADLINE_SECONDS);
    long seen = -1;
    long quietSince = System.nanoTime();
    while (true) {
      long now = System.nanoTime();
      long count = pulled.get();
      boolean poolIdle = pool.getActiveCount() == 0 && pool.getQueue().isEmpty();
      if (count != seen || !poolIdle) {
        seen = count;
        quietSince = now;
      } else if (now - quietSince >= TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS)) {
        return;
      }
      if (now > deadline) {
        throw new IllegalStateException(
            "read-ahead still growing after " + FILL_DEADLINE_SECONDS + " s: " + count);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /** Milliseconds until the live thread count is back at {@code baseline}, or -1. */
  private static long awaitBaseline(int baseline) throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(BASELINE_DEADLINE_SECONDS);
    while (THREADS.getThreadCount() > baseline) {
      if (System.nanoTime() > deadline) {
        return -1;
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  /** VmRSS of this process from {@code /proc/self/status}, or -1 where there is none. */
  private static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  private static void settleHeap() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }
}
