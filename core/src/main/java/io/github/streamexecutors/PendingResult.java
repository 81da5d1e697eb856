package io.github.streamexecutors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One position of a map: the pool task that computes it, the slot that holds its outcome, and the
 * link to the next node. The feeder appends nodes; the consumer walks them in order. Terminal nodes
 * (end of input, a failure of the source) are created complete. {@link PendingGroup} extends this
 * to several consecutive positions computed by one task.
 *
 * <p>State moves once from {@code NEW} through {@code RUNNING} to a final state; the thread that
 * wins the {@code NEW} compare-and-set (a pool worker, or a rejecting thread when the pool will
 * never run the task) is the only one that writes the outcome.
 */
class PendingResult<T, R> implements Runnable {

  static final int NEW = 0;
  static final int RUNNING = 1;
  static final int VALUE = 2;
  static final int FAILED = 3;
  static final int SKIPPED = 4;
  static final int END = 5;

  static final VarHandle STATE;
  private static final VarHandle NEXT;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(PendingResult.class, "state", int.class);
      NEXT = lookup.findVarHandle(PendingResult.class, "next", PendingResult.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final RunningMap<T, R> map;
  private T input;
  private Object outcome;
  volatile int state;
  private volatile PendingResult<T, R> next;

  PendingResult(RunningMap<T, R> map, T input, int state, Object outcome) {
    this.map = map;
    this.input = input;
    this.outcome = outcome;
    if (state != NEW) {
      this.state = state;
    }
  }

  static <T, R> PendingResult<T, R> task(RunningMap<T, R> map, T input) {
    return new PendingResult<>(map, input, NEW, null);
  }

  /** The list's first node: never read as a result. */
  static <T, R> PendingResult<T, R> sentinel(RunningMap<T, R> map) {
    return new PendingResult<>(map, null, VALUE, null);
  }

  static <T, R> PendingResult<T, R> end(RunningMap<T, R> map) {
    return new PendingResult<>(map, null, END, null);
  }

  static <T, R> PendingResult<T, R> failure(RunningMap<T, R> map, Throwable failure) {
    return new PendingResult<>(map, null, FAILED, failure);
  }

  /** Runs on a pool worker, under the map caller's context if one was captured. */
  @Override
  public final void run() {
    ContextPropagator.Snapshot context = map.context();
    if (context == null) {
      compute();
      return;
    }
    try {
      context.run(this::compute);
    } catch (Throwable contextFailure) {
      if (!reject(contextFailure)) {
        throw contextFailure; // the task ran: the pool's handler sees the failed restore
      }
    }
  }

  /** Computes this node. Skips the function once the map has stopped: that is the cancel. */
  void compute() {
    if (!STATE.compareAndSet(this, NEW, RUNNING)) {
      return;
    }
    T in = input;
    input = null;
    if (map.isStopped()) {
      complete(SKIPPED, null);
      return;
    }
    long start = map.measuresTasks() ? System.nanoTime() : 0L;
    Object result;
    int finalState;
    try {
      result = map.apply(in);
      finalState = VALUE;
    } catch (Throwable failure) {
      result = failure;
      finalState = FAILED;
    }
    if (start != 0L) {
      map.taskMeasured(System.nanoTime() - start, 1);
    }
    complete(finalState, result);
  }

  /** Completes this task with {@code failure} if nothing ran it: the pool refused or dropped it. */
  boolean reject(Throwable failure) {
    if (STATE.compareAndSet(this, NEW, RUNNING)) {
      input = null;
      complete(FAILED, failure);
      return true;
    }
    return false;
  }

  final void complete(int finalState, Object result) {
    outcome = result;
    state = finalState;
    map.taskFinished(this);
  }

  final boolean isDone() {
    return state > RUNNING;
  }

  final boolean isRunning() {
    return state == RUNNING;
  }

  final boolean isFailed() {
    return state == FAILED;
  }

  /** Valid once {@link #isFailed()}. */
  final Throwable failure() {
    return (Throwable) outcome;
  }

  // ---- positions, as the consumer reads them ----

  /** Inputs this node holds: counted as finished when it completes. */
  int inputCount() {
    return 1;
  }

  /** Positions the consumer reads here before moving on; valid once position 0 is ready. */
  int size() {
    return 1;
  }

  /** Whether the outcome at {@code position} (a value, the failure, or the end) can be read. */
  boolean isReady(int position) {
    return isDone();
  }

  /**
   * How many leading positions hold values now; the position after them, once ready, holds the
   * failure or the end.
   */
  int valuesReady() {
    return state == VALUE ? 1 : 0;
  }

  /** The value at a ready {@code position}; clears the slot so the result is not retained. */
  @SuppressWarnings("unchecked")
  R takeValueAt(int position) {
    Object value = outcome;
    outcome = null;
    return (R) value;
  }

  /**
   * For a group the feeder is still filling: nanoseconds until a waiting consumer should seal and
   * submit it itself; {@link Long#MAX_VALUE} for every other node.
   */
  long nanosUntilSealDue() {
    return Long.MAX_VALUE;
  }

  /**
   * For a group the feeder is still filling: stops it growing and returns true, so that the caller
   * submits it. False for every other node.
   */
  boolean seal() {
    return false;
  }

  // ---- the list ----

  final PendingResult<T, R> next() {
    return next;
  }

  final void link(PendingResult<T, R> successor) {
    next = successor;
  }

  /** Drops the link from a node the consumer has passed, so a promoted dead node keeps nothing. */
  final void unlink() {
    NEXT.set(this, null);
  }
}
