package io.github.streamexecutors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Consecutive positions of a chunked map, computed one after another by one pool task.
 *
 * <p>The feeder appends a group to the list as soon as it holds its first input, and keeps adding
 * inputs while the group is open. Whoever seals the group submits it: the feeder (group full,
 * buffer full, source ended, group old) or the consumer (it waits for the group's first result).
 * {@code fill} holds the input count and, once sealed, the {@link #SEALED} bit; the feeder adds an
 * input by writing its slot and then compare-and-setting {@code fill} from n to n + 1, so a seal
 * that wins the race simply leaves that input to the feeder's next group.
 *
 * <p>The worker replaces each input by its result in place and publishes {@code computed} after
 * each one, so the consumer takes results while the rest of the group is still running, and a
 * consumer parked for the group is woken by the next result. (A consumer that catches up with a
 * running group first spins for a few results at once, so that it does not trail the worker result
 * by result.) A failure at input i completes the group as failed with {@code computed == i}.
 */
final class PendingGroup<T, R> extends PendingResult<T, R> {

  /**
   * A group is submitted once it is this old: by the feeder at its next pull, or by a consumer
   * waiting for it, so a source that blocks holds no result back for longer.
   */
  static final long FLUSH_NANOS = 20_000;

  private static final int SEALED = 1 << 30;

  /** How often a running group reports its pace, so adaptive sizing reacts to slower tasks. */
  private static final int PACE_REPORT_INTERVAL = 64;

  private static final VarHandle FILL;
  private static final VarHandle COMPUTED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      FILL = lookup.findVarHandle(PendingGroup.class, "fill", int.class);
      COMPUTED = lookup.findVarHandle(PendingGroup.class, "computed", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Object[] items;
  private final long openedAt;
  private volatile int fill;
  private volatile int computed;

  PendingGroup(RunningMap<T, R> map, int capacity, T first, long openedAt) {
    super(map, null, NEW, null);
    this.openedAt = openedAt;
    items = new Object[capacity];
    items[0] = first;
    fill = 1;
  }

  /**
   * Feeder only: adds {@code input} after the {@code held} inputs the feeder has added so far,
   * unless the group is sealed or full; returns how many inputs the group then holds, or 0 if the
   * input was not added.
   */
  int tryAdd(T input, int held) {
    if (held >= items.length) {
      return 0;
    }
    items[held] = input;
    if (FILL.compareAndSet(this, held, held + 1)) {
      return held + 1;
    }
    items[held] = null; // sealed meanwhile: the input goes to the next group, not kept here
    return 0;
  }

  int capacity() {
    return items.length;
  }

  /** Whether the group is due to be submitted, given the time of the last pull and its length. */
  boolean isOld(long lastPulledAt, long lastPullNanos) {
    return lastPulledAt - openedAt + lastPullNanos > FLUSH_NANOS;
  }

  /** Seals first, so that the feeder stops adding inputs to a group that will never run. */
  @Override
  boolean reject(Throwable failure) {
    seal();
    return super.reject(failure);
  }

  @Override
  long nanosUntilSealDue() {
    return (fill & SEALED) != 0 ? Long.MAX_VALUE : openedAt + FLUSH_NANOS - System.nanoTime();
  }

  @Override
  boolean seal() {
    int n = fill;
    while ((n & SEALED) == 0) {
      if (FILL.compareAndSet(this, n, n | SEALED)) {
        return true;
      }
      n = fill;
    }
    return false;
  }

  @Override
  @SuppressWarnings("unchecked")
  void compute() {
    if (!STATE.compareAndSet(this, NEW, RUNNING)) {
      return;
    }
    int count = size();
    boolean measure = map.measuresTasks();
    long start = measure ? System.nanoTime() : 0L;
    for (int i = 0; i < count; i++) {
      if (map.isStopped()) {
        complete(SKIPPED, null);
        return;
      }
      try {
        items[i] = map.apply((T) items[i]);
      } catch (Throwable failure) {
        items[i] = null;
        complete(FAILED, failure);
        return;
      }
      COMPUTED.setRelease(this, i + 1);
      map.positionComputed(this);
      if (measure && (i + 1) % PACE_REPORT_INTERVAL == 0) {
        map.taskMeasured(System.nanoTime() - start, i + 1);
      }
    }
    if (measure) {
      map.taskMeasured(System.nanoTime() - start, count);
    }
    complete(VALUE, null);
  }

  @Override
  int inputCount() {
    return size();
  }

  @Override
  int size() {
    return fill & ~SEALED;
  }

  @Override
  boolean isReady(int position) {
    return position < computed || isDone();
  }

  @Override
  int valuesReady() {
    return computed;
  }

  /** Leaves the slot as it is: the consumer writing the lines the worker writes would cost more. */
  @Override
  @SuppressWarnings("unchecked")
  R takeValueAt(int position) {
    return (R) items[position];
  }
}
