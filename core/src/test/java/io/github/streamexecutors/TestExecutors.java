package io.github.streamexecutors;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;

/**
 * Creates pools and executors with unique names for one test and shuts them all down after it. The
 * unique executor name lets a test find its own feeder threads.
 */
final class TestExecutors implements AutoCloseable {

  static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final AtomicInteger NAMES = new AtomicInteger();

  private final List<ExecutorService> pools = new ArrayList<>();

  ExecutorService pool(int threads) {
    return track(Executors.newFixedThreadPool(threads));
  }

  <P extends ExecutorService> P track(P pool) {
    pools.add(pool);
    return pool;
  }

  StreamTaskExecutor executor(int threads, int defaultBufferSize) {
    return executor(pool(threads), defaultBufferSize);
  }

  StreamTaskExecutor executor(ExecutorService pool, int defaultBufferSize) {
    track(pool);
    return new StreamTaskExecutor(pool, defaultBufferSize, "test" + NAMES.incrementAndGet());
  }

  /** The threads running a feeder of {@code executor}'s maps now. */
  static Set<Thread> feederThreads(StreamTaskExecutor executor) {
    String prefix = "stream-executors-feeder-" + executor.name() + "-";
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith(prefix))
        .collect(Collectors.toSet());
  }

  /** The one thread running a feeder of {@code executor}, once it runs. */
  static Thread feederThread(StreamTaskExecutor executor) {
    return eventually()
        .until(() -> feederThreads(executor), threads -> threads.size() == 1)
        .iterator()
        .next();
  }

  /**
   * Whether {@code executor} has open maps and the feeder of each has returned its thread, waiting
   * for buffer space.
   */
  static boolean feedersIdle(StreamTaskExecutor executor) {
    Set<RunningMap<?, ?>> maps = executor.runningMaps();
    return !maps.isEmpty() && maps.stream().allMatch(RunningMap::feederIdle);
  }

  /** Whether {@code thread} is parked in a map's stream, waiting for a result. */
  static boolean waitingForResult(Thread thread) {
    Thread.State state = thread.getState();
    return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
        && LockSupport.getBlocker(thread) instanceof OrderedResults;
  }

  /** Waits for {@code latch} through interrupts, then restores the interrupt status. */
  static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  static ConditionFactory eventually() {
    return await()
        .atMost(DEADLINE)
        .pollInSameThread()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(5));
  }

  @Override
  public void close() {
    for (ExecutorService pool : pools) {
      pool.shutdownNow();
    }
  }
}
