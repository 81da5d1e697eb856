package io.github.streamexecutors;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM-wide threads of the library, each created on first use and ended after an idle time: the
 * default feeder executor, and one timer for the feeders' refill patience.
 *
 * <p>The feeder executor ({@link FeederPool}) runs feeders on a few threads (the number of
 * processors, at least 4) while they only feed, and adds a thread for each feeder that waited
 * longer than a millisecond for one, so a blocked source never keeps another map from feeding.
 */
final class SharedThreads {

  /** How long an idle shared thread lives. */
  static final long KEEP_ALIVE_SECONDS = 10;

  private SharedThreads() {}

  /** The default feeder executor: daemon threads named {@code stream-executors-feeder-<n>}. */
  static FeederPool feeders() {
    return Feeders.EXECUTOR;
  }

  /** The timer: one daemon thread named {@code stream-executors-timer}, while it has work. */
  static ScheduledExecutorService timer() {
    return Timer.EXECUTOR;
  }

  private static final class Feeders {
    static final FeederPool EXECUTOR =
        new FeederPool(
            Math.max(4, Runtime.getRuntime().availableProcessors()),
            FeederPool.GROW_NANOS,
            TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS),
            daemons("stream-executors-feeder-", true),
            timer());
  }

  private static final class Timer {
    static final ScheduledThreadPoolExecutor EXECUTOR = timer();

    private static ScheduledThreadPoolExecutor timer() {
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(1, daemons("stream-executors-timer", false));
      timer.setKeepAliveTime(KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
      timer.allowCoreThreadTimeOut(true);
      timer.setRemoveOnCancelPolicy(true);
      return timer;
    }
  }

  private static ThreadFactory daemons(String name, boolean numbered) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, numbered ? name + count.incrementAndGet() : name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
