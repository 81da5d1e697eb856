package io.github.streamexecutors;

import java.util.concurrent.ExecutorService;

/**
 * How a map's task reaches the place it runs: the seam between the feeder and the pool. A local
 * pool today; a remote executor plugs in here without the feeder, the hand-off or the consumer
 * knowing.
 */
interface Dispatch {

  /**
   * Hands {@code task} over to run once; throws (typically {@link
   * java.util.concurrent.RejectedExecutionException}) if it will not run, and then the caller fails
   * the task in place.
   */
  void dispatch(Runnable task);

  /** Whether nothing handed over can run any more: a waiting consumer stops waiting then. */
  boolean isTerminated();

  static Dispatch to(ExecutorService pool) {
    return new Dispatch() {
      @Override
      public void dispatch(Runnable task) {
        pool.execute(task);
      }

      @Override
      public boolean isTerminated() {
        return pool.isTerminated();
      }
    };
  }
}
