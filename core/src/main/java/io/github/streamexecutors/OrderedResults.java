package io.github.streamexecutors;

import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.Spliterator;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The consumer side of one map, as the {@link Spliterator} behind the returned stream: takes
 * results in input order, gives each permit back to the feeder, turns failures into the promised
 * exceptions, and ends the map when the results end.
 *
 * <p>It is also the object whose reachability decides abandonment: a {@link Cleaner} stops the map
 * once this object is unreachable. The feeder, the pool tasks and the executor never reference it.
 * Single consumer thread at a time, as for any stream.
 */
final class OrderedResults<T, R> implements Spliterator<R> {

  private static final Cleaner RECLAIMER =
      Cleaner.create(
          task -> {
            Thread thread = new Thread(task, "stream-executors-reclaimer");
            thread.setDaemon(true);
            return thread;
          });

  /** How often a waiting consumer checks that the pool has not terminated without its task. */
  private static final long POOL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final Feeder<T, R> feeder;
  private final Cleaner.Cleanable reclaim;
  private PendingResult<T, R> head;
  private boolean finished;

  OrderedResults(Feeder<T, R> feeder) {
    this.feeder = feeder;
    this.head = feeder.head();
    this.reclaim = RECLAIMER.register(this, feeder::stop);
  }

  @Override
  public boolean tryAdvance(Consumer<? super R> action) {
    Objects.requireNonNull(action, "action");
    if (finished) {
      return false;
    }
    PendingResult<T, R> node = head.next();
    if (node == null || !node.isDone()) {
      node = awaitNext();
    }
    if (node == null || feeder.isStopped()) {
      close();
      return false;
    }
    head.unlink();
    head = node;
    if (node.isValue()) {
      R value = node.takeValue();
      feeder.resultTaken();
      action.accept(value);
      return true;
    }
    if (node.isFailed()) {
      throw fail(node.failure());
    }
    close();
    return false;
  }

  /** Waits until the next node is complete; null when the map stopped meanwhile. */
  private PendingResult<T, R> awaitNext() {
    Thread consumer = Thread.currentThread();
    WaitListener listener = feeder.waitListener();
    long start = listener == null ? 0L : System.nanoTime();
    Object registeredFor = this; // matches no node, nor null (waiting for the feeder)
    try {
      while (true) {
        PendingResult<T, R> node = head.next();
        if (node != null && node.isDone()) {
          return node;
        }
        if (feeder.isStopped()) {
          return null;
        }
        if (node == null) {
          RejectedExecutionException shutdown = feeder.feedingStop();
          if (shutdown != null) {
            throw fail(shutdown);
          }
        }
        if (consumer.isInterrupted()) {
          throw new StreamInterruptedException();
        }
        if (registeredFor != node) {
          // Publish first, then check again: a waker that acts after the check sees us.
          feeder.consumerAwaits(consumer, node);
          registeredFor = node;
          continue;
        }
        LockSupport.parkNanos(this, POOL_CHECK_NANOS);
        if (node != null && !node.isDone() && feeder.poolTerminated()) {
          node.reject(
              new RejectedExecutionException("the pool terminated without running this task"));
        }
      }
    } finally {
      feeder.consumerResumed();
      if (listener != null) {
        StreamTaskExecutor.report(listener, true, System.nanoTime() - start);
      }
    }
  }

  /** Ends the map after a failure and returns what to throw: unchecked as-is, checked wrapped. */
  private RuntimeException fail(Throwable failure) {
    finished = true;
    try {
      reclaim.clean();
    } catch (RuntimeException | Error closeFailure) {
      failure.addSuppressed(closeFailure);
    }
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    return new CompletionException(failure);
  }

  /** Ends the map; also the stream's close handler, so any thread may call it. */
  void close() {
    finished = true;
    reclaim.clean();
  }

  @Override
  public Spliterator<R> trySplit() {
    return null;
  }

  @Override
  public long estimateSize() {
    return Long.MAX_VALUE;
  }

  @Override
  public int characteristics() {
    return ORDERED;
  }
}
