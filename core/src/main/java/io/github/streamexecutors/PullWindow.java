package io.github.streamexecutors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/*
 * The window between the feeding loop's last check for a stop and the return of the source's
 * next(): what makes "no input is taken after close() has returned" true.
 *
 * After hasNext() the feeder announces the pull (state = PULLING, a volatile write) and only then
 * checks for a stop (a volatile read); the stop has published itself (MapLifecycle's state, a
 * compare-and-set) before it looks at the window. So either the feeder sees the stop and does not
 * call next(), or the stop sees PULLING: it then marks the pull AWAITED and parks until the feeder,
 * whose next() has returned, swaps the state back and unparks it. The stop waits after it has
 * interrupted the feeder's run and closed the source, which frees most blocked calls; a next()
 * that still blocks delays close(), which the contract says.
 *
 * Blocking point: the stop parked for the pull; woken by the feeder's end(), which takes the
 * AWAITED mark with getAndSet, so the wake-up cannot be lost: the stopping thread is published
 * before the mark, and the mark before it parks.
 */
final class PullWindow {

  private static final int NOT_PULLING = 0;
  private static final int PULLING = 1;
  private static final int AWAITED = 2;

  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(PullWindow.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile int state;
  private volatile Thread awaiter;

  /** The feeder, after hasNext(): announces the pull; false if the map stopped or shut down. */
  boolean begin(MapLifecycle lifecycle) {
    state = PULLING;
    if (lifecycle.isFeeding()) {
      return true;
    }
    end();
    return false;
  }

  /** The feeder, once next() has returned or thrown: wakes a stop that waits for the pull. */
  void end() {
    if ((int) STATE.getAndSet(this, NOT_PULLING) == AWAITED) {
      LockSupport.unpark(awaiter);
    }
  }

  /** The stop, once it has interrupted the feeder and closed the source: waits for a pull. */
  void awaitEnd() {
    awaiter = Thread.currentThread();
    if (!STATE.compareAndSet(this, PULLING, AWAITED)) {
      return;
    }
    boolean interrupted = false;
    while (state == AWAITED) {
      LockSupport.park(this);
      interrupted |= Thread.interrupted();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
