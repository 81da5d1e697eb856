package io.github.streamexecutors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.RejectedExecutionException;

/*
 * The lifecycle of one map, as a single state that only moves forward:
 *
 *   OPEN ──shutdown()──> FEEDING_STOPPED ──shutdownNow()──> UNSTARTED_DROPPED
 *     │                        │                                  │
 *     └────────────────────────┴──── close, end, failure taken, ──┴──> STOPPED
 *                                    abandonment
 *
 * Every transition is a compare-and-set from a lower state to a higher one, so concurrent calls
 * agree on one winner and a late shutdown never revives a stopped map. STOPPED is one state per
 * StopReason (STOPPED + its ordinal), so the winner's reason is part of the state it wins. The
 * cause of a shutdown is written before the state that publishes it.
 * Who reacts to a transition (waking the feeder and the consumer, closing the source) is the
 * caller's business: this class only decides who won.
 */
final class MapLifecycle {

  /** Feeding and delivering. */
  static final int OPEN = 0;

  /** After shutdown(): no more pulls; every task already submitted is still delivered. */
  static final int FEEDING_STOPPED = 1;

  /** After shutdownNow(): no more pulls, and tasks that have not started will never run. */
  static final int UNSTARTED_DROPPED = 2;

  /**
   * Closed, ended, failed or abandoned: nothing runs the function any more. Final; the state is
   * this plus the ordinal of the StopReason.
   */
  static final int STOPPED = 3;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(MapLifecycle.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile int state = OPEN;
  private volatile RejectedExecutionException feedingStop;

  /** Whether the feeder may still pull: no stop and no shutdown yet. */
  boolean isFeeding() {
    return state == OPEN;
  }

  boolean isStopped() {
    return state >= STOPPED;
  }

  /** Whether tasks that have not started will never run (shutdownNow), while not stopped. */
  boolean unstartedDropped() {
    return state == UNSTARTED_DROPPED;
  }

  /** The shutdown that ended feeding, or null while the map has not been shut down. */
  RejectedExecutionException feedingStop() {
    return feedingStop;
  }

  /** Why the map stopped, or null while it has not. */
  StopReason stopReason() {
    int current = state;
    return current >= STOPPED ? StopReason.values()[current - STOPPED] : null;
  }

  /** Stops the map; true only for the one call that did it, which then owns the stop's work. */
  boolean stop(StopReason reason) {
    int current = state;
    while (current < STOPPED) {
      if (casState(current, STOPPED + reason.ordinal())) {
        return true;
      }
      current = state;
    }
    return false;
  }

  /**
   * Ends feeding because of a shutdown; true if the state moved (the first shutdown, or shutdownNow
   * after shutdown), so that the caller wakes both sides. A stopped map stays stopped.
   */
  boolean stopFeeding(RejectedExecutionException cause, boolean unstartedDropped) {
    int target = unstartedDropped ? UNSTARTED_DROPPED : FEEDING_STOPPED;
    int current = state;
    while (current < target) {
      if (current == OPEN && feedingStop == null) {
        feedingStop = cause;
      }
      if (casState(current, target)) {
        return true;
      }
      current = state;
    }
    return false;
  }

  private boolean casState(int expected, int next) {
    return STATE.compareAndSet(this, expected, next);
  }
}
