package io.github.streamexecutors.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * W1's hand-offs, counted exactly: voluntary context switches (a thread blocked: park, sleep, a
 * lock) and involuntary ones (preempted), per item and per thread role, read from Linux's {@code
 * /proc/self/task/<tid>/status} around one map of 10^6 trivial inputs on a pool of 4, after
 * warm-up. Roles come from thread names: {@code bench-worker-*} (pool), {@code stream-execu*} (our
 * feeder), {@code main} (the consumer), everything else (JIT, GC) as {@code other}. Threads that
 * ended during the map (a feeder) are counted from their last reading before the end: {@code /proc}
 * forgets them, so the feeder's figures of the measured map are read while it runs, at the end of
 * consumption.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.streamexecutors.benchmarks.HandOffCounts
 * [out.json] [ALTERNATIVE...]}
 */
public final class HandOffCounts {

  private static final int INPUTS = 1_000_000;
  private static final int SNAPSHOT_EVERY = 50_000;

  /** Maps run before the measured one; more with {@code -Dhandoffs.warmups=N} for a profiler. */
  private static final int WARM_UPS = Integer.getInteger("handoffs.warmups", 5);

  private HandOffCounts() {}

  public static void main(String[] args) throws Exception {
    Exception[] failure = {null};
    Thread consumer =
        new Thread(
            () -> {
              try {
                measure(args);
              } catch (Exception e) {
                failure[0] = e;
              }
            },
            "bench-consumer");
    consumer.start();
    consumer.join();
    if (failure[0] != null) {
      throw failure[0];
    }
  }

  private static void measure(String[] args) throws IOException, InterruptedException {
    Rows rows = new Rows("W1 hand-offs: context switches per item, 10^6 inputs, pool 4");
    List<Integer> source = new ArrayList<>(INPUTS);
    for (int i = 0; i < INPUTS; i++) {
      source.add(i);
    }
    for (Alternative alternative : Cli.alternatives(args, 1)) {
      try (Fixture fixture = new Fixture(4)) {
        for (int i = 0; i < WARM_UPS; i++) {
          runOnce(alternative, fixture, source, null);
        }
        Map<Long, long[]> before = switchesByThread();
        Map<Long, long[]> lastSeen = new HashMap<>();
        long t0 = System.nanoTime();
        runOnce(alternative, fixture, source, lastSeen);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Map<Long, long[]> after = switchesByThread();
        lastSeen.forEach(after::putIfAbsent);
        Map<String, long[]> byRole = new TreeMap<>();
        for (Map.Entry<Long, long[]> entry : after.entrySet()) {
          long[] now = entry.getValue();
          long[] then = before.getOrDefault(entry.getKey(), new long[] {now[0], 0, 0});
          long[] sum = byRole.computeIfAbsent(role(now[0]), r -> new long[2]);
          sum[0] += now[1] - then[1];
          sum[1] += now[2] - then[2];
        }
        Map<String, Object> row = rows.add(alternative);
        row.put("millis", millis);
        byRole.forEach(
            (role, counts) -> {
              row.put(role + "VoluntaryPerItem", perItem(counts[0]));
              row.put(role + "InvoluntaryPerItem", perItem(counts[1]));
            });
      }
    }
    rows.print();
    if (args.length > 0) {
      rows.write(Path.of(args[0]));
    }
  }

  private static double perItem(long count) {
    return Math.round(count * 1e6 / INPUTS) / 1e6;
  }

  private static void runOnce(
      Alternative alternative,
      Fixture fixture,
      List<Integer> source,
      Map<Long, long[]> snapshotBeforeEnd)
      throws IOException {
    try (Stream<Integer> results = alternative.map(fixture, TrivialWork::work, source)) {
      long[] sum = {0};
      long[] seen = {0};
      results.forEach(
          x -> {
            sum[0] += x;
            if (++seen[0] % SNAPSHOT_EVERY == 0 && snapshotBeforeEnd != null) {
              snapshotBeforeEnd.putAll(switchesByThread());
            }
          });
      if (sum[0] == 42) {
        System.out.print("");
      }
    }
  }

  /** tid to {roleCode, voluntary, involuntary}; the role is kept as an index into ROLES. */
  private static Map<Long, long[]> switchesByThread() {
    Map<Long, long[]> result = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          long voluntary = 0;
          long involuntary = 0;
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
              voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
              involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
          }
          result.put(
              Long.parseLong(task.getFileName().toString()),
              new long[] {roleCode(name), voluntary, involuntary});
        } catch (IOException | RuntimeException threadEnded) {
          // The thread ended while we read it: it has no later figures to compare.
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("needs Linux /proc/self/task", e);
    }
    return result;
  }

  private static final String[] ROLES = {"worker", "feeder", "consumer", "other"};

  private static long roleCode(String name) {
    if (name.startsWith("bench-worker")) {
      return 0;
    }
    if (name.startsWith("stream-exec")) {
      return 1;
    }
    if (name.startsWith("bench-consumer")) {
      return 2;
    }
    return 3;
  }

  private static String role(long code) {
    return ROLES[(int) code];
  }
}
