package io.github.streamexecutors;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/*
 * The default feeder executor: few threads while feeders only feed, more as soon as some block.
 *
 * A feeder run that does not block is short (it pulls and dispatches until the buffer is full),
 * so `base` threads serve any number of maps; a cached pool would instead start a thread for each
 * run that finds no thread idle at that instant, dozens in a burst of map() calls. But a run can
 * block for as long as its source does (an Iterator's hasNext(), a pipeline stage waiting for its
 * upstream), and a blocked run must not starve the others. So runs beyond `base` wait in a queue;
 * every growNanos while the queue is not empty a check looks at it, and if no run has completed
 * since the previous check (every thread is held by a blocked run) the pool grows by the number of
 * waiting runs; it shrinks
 * back to `base` (or the busy threads) once its queue is empty, and idle threads end after the
 * keep-alive.
 *
 * The growth check runs on the shared timer, scheduled by the execute() that leaves a run queued
 * when no check is pending, and rescheduled by the check while there is a queue or extra size. A
 * check that goes idle re-reads the queue after clearing its flag (execute() queues, then sets the
 * flag), so a run queued at that moment still gets a check: no run waits for a thread forever.
 */
final class FeederPool implements Executor {

  /** How often the queue is checked while it is not empty. */
  static final long GROW_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final ThreadPoolExecutor threads;
  private final int base;
  private final long growNanos;
  private final ScheduledExecutorService timer;
  private final AtomicBoolean checkPending = new AtomicBoolean();
  private long completedAtLastCheck; // the timer's thread only

  FeederPool(
      int base,
      long growNanos,
      long keepAliveNanos,
      ThreadFactory threadFactory,
      ScheduledExecutorService timer) {
    this.base = base;
    this.growNanos = growNanos;
    this.timer = timer;
    this.threads =
        new ThreadPoolExecutor(
            base,
            Integer.MAX_VALUE,
            keepAliveNanos,
            TimeUnit.NANOSECONDS,
            new LinkedBlockingQueue<>(),
            threadFactory);
    this.threads.allowCoreThreadTimeOut(true);
  }

  @Override
  public void execute(Runnable run) {
    threads.execute(run);
    if (!threads.getQueue().isEmpty()) {
      scheduleCheck();
    }
  }

  private void scheduleCheck() {
    if (checkPending.compareAndSet(false, true)) {
      timer.schedule(this::check, growNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void check() {
    int waiting = threads.getQueue().size();
    int size = threads.getCorePoolSize();
    // The size counts from the busy threads: the pool adds a thread only while it has fewer than
    // its size, and busy ones (blocked runs) may be more than a size that shrank meanwhile.
    int busy = threads.getActiveCount();
    // Runs that wait while others complete are only queued, not starved: grow only when no run
    // has completed since the last check, that is when every thread is held by a blocked run.
    long completed = threads.getCompletedTaskCount();
    boolean progressed = completed != completedAtLastCheck;
    completedAtLastCheck = completed;
    if (waiting > 0 && !progressed) {
      threads.setCorePoolSize(Math.max(size, busy) + waiting); // a thread for each waiting run
    } else if (size > base) {
      threads.setCorePoolSize(Math.max(base, busy));
    }
    if (waiting > 0 || threads.getCorePoolSize() > base) {
      timer.schedule(this::check, growNanos, TimeUnit.NANOSECONDS);
      return;
    }
    checkPending.set(false);
    if (!threads.getQueue().isEmpty()) {
      scheduleCheck();
    }
  }

  /** How many threads the pool may run now without growing: for tests and figures. */
  int size() {
    return threads.getCorePoolSize();
  }

  /** How many threads the pool has now. */
  int threadCount() {
    return threads.getPoolSize();
  }
}
