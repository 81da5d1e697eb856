package io.github.streamexecutors.benchmarks;

import io.github.streamexecutors.StreamTaskExecutor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * One pool shared by every alternative of a benchmark, so that all of them run on the same threads
 * with the same parallelism. Worker threads are named {@code bench-worker-N} so that profiles and
 * {@code /proc} counters can tell them from feeder and consumer threads.
 */
final class Fixture implements AutoCloseable {

  private final ExecutorService pool;
  private final StreamTaskExecutor executor;
  private final Scheduler scheduler;
  private final int bufferSize;
  private final int concurrency;

  /**
   * @param poolSize threads of the fixed pool
   * @param bufferSize our map's buffer size; 0 for the executor's default (10 000)
   * @param concurrency the in-flight limit handed to the bounded alternatives (Reactor,
   *     parallel-collectors, mapConcurrent); 0 for the pool size
   */
  Fixture(int poolSize, int bufferSize, int concurrency) {
    this.pool = Executors.newFixedThreadPool(poolSize, namedThreads());
    this.executor = new StreamTaskExecutor(pool);
    this.scheduler = Schedulers.fromExecutorService(pool, "bench");
    this.bufferSize = bufferSize;
    this.concurrency = concurrency > 0 ? concurrency : poolSize;
  }

  Fixture(int poolSize) {
    this(poolSize, 0, 0);
  }

  ExecutorService pool() {
    return pool;
  }

  StreamTaskExecutor executor() {
    return executor;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  int bufferSize() {
    return bufferSize > 0 ? bufferSize : executor.defaultBufferSize();
  }

  int concurrency() {
    return concurrency;
  }

  @Override
  public void close() throws InterruptedException {
    scheduler.dispose();
    executor.shutdownNow();
    pool.shutdownNow();
    if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("benchmark pool did not terminate within 10 s");
    }
  }

  private static ThreadFactory namedThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "bench-worker-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
