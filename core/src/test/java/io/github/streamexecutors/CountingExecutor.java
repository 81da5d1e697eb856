package io.github.streamexecutors;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Delegates to a pool and counts the tasks submitted to it. */
final class CountingExecutor extends AbstractExecutorService {

  private final ExecutorService pool;
  private final AtomicInteger submissions;

  CountingExecutor(ExecutorService pool, AtomicInteger submissions) {
    this.pool = pool;
    this.submissions = submissions;
  }

  @Override
  public void execute(Runnable command) {
    pool.execute(command);
    submissions.incrementAndGet();
  }

  @Override
  public void shutdown() {
    pool.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return pool.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return pool.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return pool.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return pool.awaitTermination(timeout, unit);
  }
}
