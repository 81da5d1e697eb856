package io.github.streamexecutors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One position of a map: the pool task that computes it, the slot that holds its outcome, and the
 * link to the next position. The feeder appends nodes; the consumer walks them in order. Terminal
 * nodes (end of input, a failure of the source, a rejection) are created already complete.
 *
 * <p>State moves once from {@code NEW} through {@code COMPLETING} to a final state; the thread that
 * wins the {@code NEW} compare-and-set (a pool worker, or a rejecting thread when the pool will
 * never run the task) is the only one that writes the outcome.
 */
final class PendingResult<T, R> implements Runnable {

  private static final int NEW = 0;
  private static final int COMPLETING = 1;
  private static final int VALUE = 2;
  private static final int FAILED = 3;
  private static final int SKIPPED = 4;
  private static final int END = 5;

  private static final VarHandle STATE;
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

  private final Feeder<T, R> feeder;
  private T input;
  private Object outcome;
  private volatile int state;
  private volatile PendingResult<T, R> next;

  private PendingResult(Feeder<T, R> feeder, T input, int state, Object outcome) {
    this.feeder = feeder;
    this.input = input;
    this.state = state;
    this.outcome = outcome;
  }

  static <T, R> PendingResult<T, R> task(Feeder<T, R> feeder, T input) {
    return new PendingResult<>(feeder, input, NEW, null);
  }

  /** The list's first node: never read as a result, already complete. */
  static <T, R> PendingResult<T, R> sentinel(Feeder<T, R> feeder) {
    return new PendingResult<>(feeder, null, VALUE, null);
  }

  static <T, R> PendingResult<T, R> end(Feeder<T, R> feeder) {
    return new PendingResult<>(feeder, null, END, null);
  }

  static <T, R> PendingResult<T, R> failure(Feeder<T, R> feeder, Throwable failure) {
    return new PendingResult<>(feeder, null, FAILED, failure);
  }

  /** Runs on a pool worker. Skips the function when the map has stopped (that is the cancel). */
  @Override
  public void run() {
    if (!STATE.compareAndSet(this, NEW, COMPLETING)) {
      return;
    }
    T in = input;
    input = null;
    if (feeder.isStopped()) {
      complete(SKIPPED, null);
      return;
    }
    Object result;
    int finalState;
    try {
      result = feeder.apply(in);
      finalState = VALUE;
    } catch (Throwable failure) {
      result = failure;
      finalState = FAILED;
    }
    complete(finalState, result);
  }

  /**
   * Completes this task with {@code failure} if nothing ran it: the pool refused it or dropped it.
   */
  void reject(Throwable failure) {
    if (STATE.compareAndSet(this, NEW, COMPLETING)) {
      input = null;
      complete(FAILED, failure);
    }
  }

  private void complete(int finalState, Object result) {
    outcome = result;
    state = finalState;
    feeder.taskFinished(this);
  }

  boolean isDone() {
    return state > COMPLETING;
  }

  boolean isValue() {
    return state == VALUE;
  }

  boolean isFailed() {
    return state == FAILED;
  }

  /** Valid once {@link #isValue()}; clears the slot so the result is not retained. */
  @SuppressWarnings("unchecked")
  R takeValue() {
    Object value = outcome;
    outcome = null;
    return (R) value;
  }

  /** Valid once {@link #isFailed()}. */
  Throwable failure() {
    return (Throwable) outcome;
  }

  PendingResult<T, R> next() {
    return next;
  }

  void link(PendingResult<T, R> successor) {
    next = successor;
  }

  /** Drops the link from a node the consumer has passed, so a promoted dead node keeps nothing. */
  void unlink() {
    NEXT.set(this, null);
  }
}
