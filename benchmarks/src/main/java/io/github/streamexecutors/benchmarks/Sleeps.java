package io.github.streamexecutors.benchmarks;

import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.LockSupport;

/** Sleeping for the blocking workloads, as a task would: an interrupt cancels it. */
final class Sleeps {

  private Sleeps() {}

  static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while sleeping");
    }
  }

  /** Parks until {@code deadline} (a {@link System#nanoTime()} value), without drifting. */
  static void sleepUntil(long deadline) {
    for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
      if (Thread.currentThread().isInterrupted()) {
        throw new CancellationException("interrupted while waiting for the next input");
      }
      LockSupport.parkNanos(left);
    }
  }
}
