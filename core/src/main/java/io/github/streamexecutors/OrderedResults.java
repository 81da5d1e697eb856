package io.github.streamexecutors;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.Objects;
import java.util.Spliterator;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
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
  static final long POOL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /**
   * POOL_CHECK_NANOS; tests set it to NO_POOL_CHECK so that a wait ends only when its waker wakes
   * it: a lost wake-up then hangs instead of being repaired 50 ms later.
   */
  static volatile long poolCheckNanos = POOL_CHECK_NANOS;

  /** A check this far apart never comes. */
  static final long NO_POOL_CHECK = Long.MAX_VALUE;

  /** About a microsecond or two of spin-wait hints. */
  private static final int SPINS_BEFORE_PARK = 64;

  /**
   * After registering to wait for a group, the first check comes this soon: far longer than a store
   * takes to become visible, far shorter than the pool check.
   */
  private static final long GROUP_RECHECK_NANOS = 20_000;

  /** Results of a running group a spinning consumer waits for at once. */
  private static final int SPIN_BATCH = 16;

  private final RunningMap<T, R> map;
  private final HandOff handOff;
  private final Cleaner.Cleanable reclaim;

  /** The node being read, and the next position in it; starts past the sentinel's only one. */
  private PendingResult<T, R> current;

  private int position = 1;

  /** Positions of {@code current} below this are known to hold values: no volatile read needed. */
  private int valuesReady;

  private boolean finished;

  /*
   * Stopping the map, once, from whichever thread comes first: the consumer at the end of the
   * results or at a failure, close() from any thread. Later callers wait under stopLock until the
   * first has closed the source, so that close() never returns while the source is still being
   * closed elsewhere, and every caller sees the failure to close it. That failure surfaces once:
   * added to the failure the consumer takes, or else thrown by close(). A feeder that reads this
   * stream as its source is not the final consumer: the failure it takes may be dropped (its own
   * map has stopped or shut down) or never read, so when that feeder's map closes this stream
   * (closeAsSource), close() throws the close failure even if a failure carried it to that feeder.
   */
  private final Object stopLock = new Object();

  /** Set while a map closes its source, on the closing thread. */
  private static final ThreadLocal<Boolean> CLOSING_AS_SOURCE = new ThreadLocal<>();

  private boolean stopRan; // guarded by stopLock
  private Throwable closeFailure; // guarded by stopLock
  private boolean closeFailureSurfaced; // guarded by stopLock
  private boolean closeFailureThrown; // guarded by stopLock

  OrderedResults(RunningMap<T, R> map) {
    this.map = map;
    this.handOff = map.handOff();
    this.current = map.takeHead();
    this.reclaim = RECLAIMER.register(this, () -> map.stop(StopReason.ABANDONED));
  }

  @Override
  public boolean tryAdvance(Consumer<? super R> action) {
    Objects.requireNonNull(action, "action");
    if (finished) {
      current = null; // closed, maybe from another thread: drop the buffered results here
      return false;
    }
    int at = position;
    if (at >= valuesReady) {
      if (!awaitReady()) {
        end();
        return false;
      }
      at = position;
      valuesReady = current.valuesReady();
      if (at >= valuesReady) {
        // This position holds the failure or the end.
        if (current.isFailed() && !map.isStopped()) {
          throw fail(current.failure());
        }
        end();
        return false;
      }
    }
    if (map.isStopped()) {
      end();
      return false;
    }
    position = at + 1;
    R value = current.takeValueAt(at);
    handOff.resultTaken();
    action.accept(value);
    return true;
  }

  /**
   * Moves to the next node when the current one is read, and waits until the current position is
   * ready. False when the map stopped meanwhile.
   */
  private boolean awaitReady() {
    Thread consumer = Thread.currentThread();
    Object registeredFor = this; // matches no node, nor null (waiting for the feeder)
    boolean registered = false;
    boolean freshRegistration = false;
    long waitStart = 0L;
    WaitListener listener = null;
    try {
      while (true) {
        PendingResult<T, R> node = current;
        PendingResult<T, R> awaited;
        long parkNanos = poolCheckNanos;
        if (position >= node.size()) {
          PendingResult<T, R> successor = node.next();
          if (successor != null) {
            node.unlink();
            current = successor;
            position = 0;
            valuesReady = 0;
            continue;
          }
          awaited = null;
        } else if (node.isReady(position)) {
          return true;
        } else {
          awaited = node;
          RejectedExecutionException shutdown = map.feedingStop();
          if (shutdown != null && map.unstartedDropped()) {
            // After shutdownNow a task that has not started never will; fail it here, since the
            // pool may have handed it back wrapped (the compare-and-set loses if it did start).
            node.reject(shutdown);
            if (node.isReady(position)) {
              continue;
            }
          }
          long sealDue = node.nanosUntilSealDue();
          if (sealDue <= 0) {
            if (node.seal()) {
              map.dispatchSealedByConsumer(node);
            }
          } else {
            parkNanos = Math.min(sealDue, parkNanos);
          }
        }
        if (map.isStopped()) {
          return false;
        }
        if (awaited == null) {
          RejectedExecutionException shutdown = map.feedingStop();
          if (shutdown != null) {
            throw fail(shutdown);
          }
        }
        if (consumer.isInterrupted()) {
          throw new StreamInterruptedException();
        }
        if (registeredFor != awaited) {
          // Publish first, then check again: a waker that acts after the check sees us.
          freshRegistration = handOff.consumerAwaits(consumer, awaited);
          registeredFor = awaited;
          registered = true;
          continue;
        }
        if (awaited != null && awaited.isRunning() && spinUntilReady(awaited)) {
          continue;
        }
        if (freshRegistration && awaited instanceof PendingGroup) {
          // A worker publishes a group's results without a fence before it looks for a waiting
          // consumer, so it can miss a registration made at that very moment: check again soon.
          parkNanos = Math.min(parkNanos, GROUP_RECHECK_NANOS);
        }
        if (waitStart == 0L && (listener = map.waitListener()) != null) {
          waitStart = System.nanoTime();
        }
        park(consumer, awaited, parkNanos);
        registeredFor = this; // a waker may have taken the registration: register again

        if (awaited != null && !awaited.isDone() && map.poolTerminated()) {
          awaited.reject(
              new RejectedExecutionException("the pool terminated without running this task"));
        }
      }
    } finally {
      if (registered) {
        handOff.consumerResumed();
      }
      if (listener != null) {
        WaitListeners.report(listener, true, System.nanoTime() - waitStart);
      }
    }
  }

  /**
   * Parks the consumer once, for at most {@code nanos}. A worker of a ForkJoinPool parks through
   * {@link ForkJoinPool#managedBlock}, so that the pool adds a worker while it waits: a task that
   * consumes a map of its own pool (nested maps) would otherwise leave the pool's tasks, its own
   * inner ones among them, without a thread to run on.
   */
  private void park(Thread consumer, PendingResult<T, R> awaited, long nanos) {
    if (!(consumer instanceof ForkJoinWorkerThread)) {
      LockSupport.parkNanos(this, nanos);
      return;
    }
    try {
      ForkJoinPool.managedBlock(new ResultWait(awaited, position, nanos));
    } catch (InterruptedException e) {
      consumer.interrupt(); // the pool is stopping: the wait loop throws for the interrupt
    }
  }

  /**
   * One park of a consumer on a ForkJoinPool worker. Releasable when the consumer has something to
   * do: what it waits for has come (the node at its position is ready, or the next node has been
   * appended), the map has stopped, its feeding has stopped, or the consumer is interrupted; and
   * after one park, since whoever woke it has taken its registration and it must register again.
   */
  private final class ResultWait implements ForkJoinPool.ManagedBlocker {
    private final PendingResult<T, R> awaited;
    private final int at;
    private final long nanos;
    private boolean parked;

    ResultWait(PendingResult<T, R> awaited, int at, long nanos) {
      this.awaited = awaited;
      this.at = at;
      this.nanos = nanos;
    }

    @Override
    public boolean isReleasable() {
      return parked
          || (awaited == null ? current.next() != null : awaited.isReady(at))
          || map.isStopped()
          || map.feedingStop() != null
          || Thread.currentThread().isInterrupted();
    }

    @Override
    public boolean block() {
      LockSupport.parkNanos(OrderedResults.this, nanos);
      parked = true;
      return true;
    }
  }

  /**
   * A task already running is often done within a microsecond or two: spinning that long costs less
   * than a park and the worker's unpark. In a running group, waits for a few results at once, so as
   * not to trail the worker result by result (each would move the group's cache lines between the
   * two cores).
   */
  private boolean spinUntilReady(PendingResult<T, R> node) {
    int enough = Math.min(node.size(), position + SPIN_BATCH);
    for (int spins = 0; spins < SPINS_BEFORE_PARK; spins++) {
      if (node.isDone() || node.valuesReady() >= enough) {
        return true;
      }
      Thread.onSpinWait();
    }
    return node.isReady(position);
  }

  /** Ends the map after a failure and returns what to throw: unchecked as-is, checked wrapped. */
  private RuntimeException fail(Throwable failure) {
    finished = true;
    current = null;
    synchronized (stopLock) {
      Throwable sourceFailure = stopMap(StopReason.FAILED);
      if (sourceFailure != null) {
        // A failure that came through a pipeline may carry it already.
        if (sourceFailure != failure
            && !Arrays.asList(failure.getSuppressed()).contains(sourceFailure)) {
          failure.addSuppressed(sourceFailure);
        }
        closeFailureSurfaced = true;
      }
    }
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    return new CompletionException(failure);
  }

  /**
   * Ends the map at the end of the results, on the consumer's thread: drops the buffered results
   * and keeps a failure to close the source for {@link #close()}, which the contract says throws
   * it.
   */
  private void end() {
    finished = true;
    current = null;
    synchronized (stopLock) {
      stopMap(StopReason.ENDED);
    }
  }

  /**
   * The stream's close handler: ends the map from any thread, returns once the source is closed,
   * and throws a failure to close it that has not surfaced yet.
   */
  void close() {
    finished = true;
    Throwable toThrow;
    synchronized (stopLock) {
      toThrow = stopMap(StopReason.CLOSED);
      if (toThrow == null
          || (closeFailureSurfaced && CLOSING_AS_SOURCE.get() == null)
          || closeFailureThrown) {
        return;
      }
      closeFailureThrown = true;
      closeFailureSurfaced = true;
    }
    if (toThrow instanceof Error error) {
      throw error;
    }
    throw (RuntimeException) toThrow;
  }

  /**
   * Stops the map with {@code reason} unless that is done; returns the failure to close the source,
   * if any.
   */
  private Throwable stopMap(StopReason reason) {
    if (!stopRan) {
      stopRan = true; // first: a close of this stream from the source's own close returns at once
      try {
        map.stop(reason);
      } catch (RuntimeException | Error failure) {
        closeFailure = failure;
      } finally {
        reclaim.clean(); // the Cleaner has nothing left to do
      }
    }
    return closeFailure;
  }

  /**
   * Closes {@code source} for a map that has stopped. When the source is itself a map's stream, its
   * close failure is thrown here even if a failure carried it to the stopping map's feeder.
   */
  static void closeAsSource(AutoCloseable source) throws Exception {
    boolean outermost = CLOSING_AS_SOURCE.get() == null;
    CLOSING_AS_SOURCE.set(Boolean.TRUE);
    try {
      source.close();
    } finally {
      if (outermost) {
        CLOSING_AS_SOURCE.remove();
      }
    }
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
