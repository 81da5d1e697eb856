package io.github.streamexecutors;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/*
 * The hand-off between one map's feeder, its pool tasks and its consumer: buffer space, and who
 * wakes whom. Owns the fields that more than one thread writes.
 *
 * Invariant: pulled - returned <= bufferSize. `pulled` counts inputs the source handed over;
 * `returned` counts results the consumer has taken. Only the feeder writes `pulled`, and only
 * after it has read pulled - returned < bufferSize; only the consumer writes `returned`, which only
 * grows. So the bound holds at every moment, and while the consumer idles nothing but the bound
 * stops the feeder: the buffer fills to exactly bufferSize.
 *
 * The feeder never parks for space: it gives its thread back. With no space, it publishes a
 * registration, feederWakeAt: the value of `returned` at which it wants to run again (a refill
 * batch of free slots, so that it runs once per batch instead of trailing the consumer slot by
 * slot). The registration is the single-runner token. feederWakeAt == RUNNING means a run is in
 * flight or scheduled; any other value means no run exists, and whoever moves it to RUNNING by a
 * compare-and-set (the only way out) must start the next run. Every path to a run takes the token
 * first, so there is never more than one run, and a resumption is never lost: after publishing,
 * the feeder re-reads `returned` and the consumer's registration and, if it may go on after all,
 * takes its own token back; if another thread took it first, that thread starts the next run.
 * Who takes the token, and when:
 * - the consumer, after taking the result that brings `returned` to feederWakeAt (it reads
 *   feederWakeAt after writing `returned`; the feeder writes feederWakeAt before re-reading
 *   `returned`, so one of them sees the other);
 * - the consumer, as it registers to wait for a result while there is any space (the pool is
 *   behind: hold nothing back from it); the feeder, having published, reads parkedConsumer;
 * - the patience timer, which lowers a batch registration to one free slot (a consumer that pauses
 *   finds the buffer full after the patience), and takes it if that slot is already free;
 * - the feeder itself, as above, or when the map stopped or was shut down meanwhile.
 * A stop needs no run: it closes the source itself.
 *
 * The consumer parks for a node with parkedConsumer and awaited published first, then re-checks;
 * the feeder after appending, the worker completing the node (for a group, after each result) and
 * the stop unpark it. A waker takes the consumer's registration with a compare-and-set before it
 * unparks, so each wait costs one unpark however many results arrive before the consumer runs.
 *
 * Layout: the fields written for every input sit on cache lines of their own: the feeder's
 * (pulled), the consumer's (returned), the workers' pace estimate (taskNanosPerInput) and the
 * registrations, written at every wait. Otherwise each write would invalidate the line holding
 * the other side's counter. HotSpot lays out a superclass's fields before its subclass's, so the
 * padding classes keep the groups 128 bytes apart (a cache line and its prefetched neighbour).
 */
final class HandOff extends HandOffPadding4 {

  private static final VarHandle PULLED;
  private static final VarHandle FEEDER_WAKE_AT;
  private static final VarHandle PARKED_CONSUMER;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      PULLED = lookup.findVarHandle(HandOffFeederFields.class, "pulled", long.class);
      FEEDER_WAKE_AT = lookup.findVarHandle(HandOffWaitFields.class, "feederWakeAt", long.class);
      PARKED_CONSUMER =
          lookup.findVarHandle(HandOffWaitFields.class, "parkedConsumer", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int bufferSize;
  private final MapLifecycle lifecycle;
  private final Runnable startRun;

  /**
   * @param startRun starts the feeder's next run; called by the thread that took the token
   */
  HandOff(int bufferSize, MapLifecycle lifecycle, Runnable startRun) {
    this.bufferSize = bufferSize;
    this.lifecycle = lifecycle;
    this.startRun = startRun;
  }

  // ---- feeder: the one running feeder, which holds the token ----

  long pulled() {
    return pulled;
  }

  void setPulledRelease(long count) {
    PULLED.setRelease(this, count);
  }

  /**
   * Whether pulled - returned < bufferSize; reads `returned` only when the last value seen fails.
   */
  boolean hasSpace(long pulledNow) {
    return pulledNow - returnedSeen < bufferSize
        || pulledNow - (returnedSeen = returned) < bufferSize;
  }

  /**
   * The buffer is full: publishes the feeder's registration, to run again once {@code wanted} slots
   * are free, and gives the token up. Returns true if the feeder took the token back and goes on
   * (there is space after all, the consumer waits, or the map stopped or was shut down); false if
   * the feeder must return its thread (another thread starts the next run).
   */
  boolean registerFeeder(long pulledNow, int wanted) {
    long full = pulledNow - bufferSize;
    long wakeAt = full + wanted;
    setFeederWakeAtVolatile(wakeAt);
    long taken = returned;
    if (taken >= wakeAt || (taken > full && parkedConsumer != null) || !lifecycle.isFeeding()) {
      if (casFeederWakeAt(wakeAt, RUNNING)) {
        returnedSeen = taken;
        return true;
      }
    }
    return false;
  }

  /**
   * Patience timer: lowers the registration {@code from} (if it still stands) to one free slot,
   * {@code to}, and starts the run if that slot is free already.
   */
  void lowerFeederRegistration(long from, long to) {
    if (casFeederWakeAt(from, to) && returned >= to) {
      startRunIfRegisteredAt(to);
    }
  }

  /** Whether the feeder has returned its thread and waits for a registration to be taken. */
  boolean feederIdle() {
    return feederWakeAt != RUNNING;
  }

  private void startRunIfRegisteredAt(long wakeAt) {
    if (casFeederWakeAt(wakeAt, RUNNING)) {
      startRun.run();
    }
  }

  // ---- consumer ----

  /** The consumer took one result or function failure: one slot back to the feeder. */
  void resultTaken() {
    long taken = returned + 1;
    returned = taken;
    long wakeAt = feederWakeAt;
    if (taken >= wakeAt) {
      startRunIfRegisteredAt(wakeAt);
    }
  }

  /**
   * Publishes that {@code consumer} will park until {@code node} completes (null: is appended), and
   * resumes an idle feeder if there is any space. Returns whether that is a new registration,
   * rather than one no waker has taken yet.
   */
  boolean consumerAwaits(Thread consumer, PendingResult<?, ?> node) {
    boolean fresh = parkedConsumer != consumer || awaited != node;
    awaited = node;
    parkedConsumer = consumer;
    long wakeAt = feederWakeAt;
    if (wakeAt != RUNNING && pulled - returned < bufferSize) {
      startRunIfRegisteredAt(wakeAt);
    }
    return fresh;
  }

  /** The consumer stopped waiting; forgets the node too, which would keep the list reachable. */
  void consumerResumed() {
    parkedConsumer = null;
    awaited = null;
  }

  /**
   * Unparks the consumer if it waits for {@code node} (null: for the next node to be appended),
   * taking its registration, so that it is unparked once per wait.
   */
  void wakeConsumerAwaiting(PendingResult<?, ?> node) {
    Thread consumer = parkedConsumer;
    if (consumer != null && awaited == node && casParkedConsumer(consumer, null)) {
      LockSupport.unpark(consumer);
    }
  }

  /** Unparks the consumer whatever it waits for: the map stopped or was shut down. */
  void wakeConsumer() {
    Thread consumer = parkedConsumer;
    if (consumer != null) {
      LockSupport.unpark(consumer);
    }
  }

  // ---- pace, with adaptive chunking: racy by design, an estimate ----

  long taskNanosPerInput() {
    return taskNanosPerInput;
  }

  void taskMeasured(long nanos, int inputs) {
    taskNanosPerInput = ChunkSizing.averaged(taskNanosPerInput, nanos, inputs);
  }

  // ---- figures ----

  long queueDepth() {
    long taken = returned;
    return pulled - taken;
  }

  // ---- access modes ----

  private void setFeederWakeAtVolatile(long wakeAt) {
    FEEDER_WAKE_AT.setVolatile(this, wakeAt);
  }

  private boolean casFeederWakeAt(long expected, long next) {
    return FEEDER_WAKE_AT.compareAndSet(this, expected, next);
  }

  private boolean casParkedConsumer(Thread expected, Thread next) {
    return PARKED_CONSUMER.compareAndSet(this, expected, next);
  }
}

abstract class HandOffPadding0 {
  long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

/** Written by the running feeder for every input. */
abstract class HandOffFeederFields extends HandOffPadding0 {
  volatile long pulled;
  long returnedSeen;
}

abstract class HandOffPadding1 extends HandOffFeederFields {
  long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}

/** Written by the consumer for every result. */
abstract class HandOffConsumerFields extends HandOffPadding1 {
  volatile long returned;
}

abstract class HandOffPadding2 extends HandOffConsumerFields {
  long r00, r01, r02, r03, r04, r05, r06, r07, r08, r09, r10, r11, r12, r13, r14, r15;
}

/** Written by workers, with adaptive chunking only: a running average of one input's task time. */
abstract class HandOffPaceFields extends HandOffPadding2 {
  volatile long taskNanosPerInput = ChunkSizing.UNMEASURED;
}

abstract class HandOffPadding3 extends HandOffPaceFields {
  long s00, s01, s02, s03, s04, s05, s06, s07, s08, s09, s10, s11, s12, s13, s14, s15;
}

/**
 * The registrations: the feeder's (which `returned` lets it run again; RUNNING while a run is in
 * flight) and the consumer's (which consumer waits for which node; null: for the next to be
 * appended).
 */
abstract class HandOffWaitFields extends HandOffPadding3 {
  /** The feeder's registration while a run is in flight or scheduled: no one may start another. */
  static final long RUNNING = Long.MAX_VALUE;

  volatile long feederWakeAt = RUNNING;
  volatile Thread parkedConsumer;
  volatile PendingResult<?, ?> awaited;
}

abstract class HandOffPadding4 extends HandOffWaitFields {
  long t00, t01, t02, t03, t04, t05, t06, t07, t08, t09, t10, t11, t12, t13, t14, t15;
}
