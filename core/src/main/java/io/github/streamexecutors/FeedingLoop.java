package io.github.streamexecutors;

import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/*
 * One map's feeding loop: pulls the source while there is buffer space, builds a task per input
 * (or per group, with chunking), appends it to the map's list and dispatches it. Each run() goes
 * on until the buffer is full (then it registers with HandOff and returns its thread), the source
 * ends, fails or is refused, or the map stops or is shut down. The first run opens the source, so
 * map() never blocks on it.
 *
 * The list: a singly linked list of PendingResult nodes from the map's head sentinel; only the
 * running feeder appends (one run at a time, HandOff's token orders them). A node is at once the
 * pool task and the slot of its outcome, so the list is the only hand-off. A terminal node (end of
 * input, a source failure, a shutdown, a refused resumption) ends it; a task the pool refuses
 * fails in place with the refusal, and feeding stops.
 *
 * Chunking: one open PendingGroup at a time, already appended, to which inputs are added; it is
 * sealed and dispatched when full, when the buffer is full, when the source ends, or when the next
 * pull is expected to make it older than its flush age; a consumer that waited for it for that
 * long seals it itself (the source may be blocked) and has it dispatched through the feeder
 * executor. The bound counts inputs, not groups. Without chunking the loop reads no clock.
 *
 * A stop interrupts a run blocked in the source (FeederScheduler); after hasNext() the loop opens
 * the PullWindow, which checks for a stop and lets the stop wait for next() to return, so no input
 * is taken after close() has returned.
 */
final class FeedingLoop<T, R> implements Runnable {

  /**
   * While pulls take less than this, the clock is read only every PULLS_PER_CLOCK_READ pulls (6.4
   * µs apart while they stay that fast, well within a group's flush age; if pulls then turn slow, a
   * consumer waiting for the group seals it after the flush age).
   */
  private static final long CLOCKED_PULL_NANOS = 200;

  private static final int PULLS_PER_CLOCK_READ = 32;

  /**
   * How long a feeder waiting for a batch of free slots waits before it takes fewer: a consumer
   * that pauses finds the buffer full again after this long.
   */
  static final long REFILL_PATIENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** REFILL_PATIENCE_NANOS; tests set it to NO_PATIENCE_TIMER to see no refill depends on it. */
  static volatile long refillPatienceNanos = REFILL_PATIENCE_NANOS;

  /** A patience at least this long schedules no timer. */
  static final long NO_PATIENCE_TIMER = TimeUnit.DAYS.toNanos(1);

  /** A full buffer is refilled in batches of at most this many slots. */
  static final int MAX_REFILL_BATCH = 1024;

  private final RunningMap<T, R> map;
  private final HandOff handOff;
  private final MapLifecycle lifecycle;
  private final PullWindow pullWindow;
  private final ChunkSizing sizing;
  private final SourceCloser closer;
  private Supplier<? extends Iterator<? extends T>> opener; // dropped once it has opened the source
  private final int bufferSize;
  private final int refillBatch;

  /**
   * Written by one run, read by the next: HandOff's token orders them. Both are dropped when
   * feeding ends, so that whatever holds a thread that ran the feeder keeps no result and no
   * source.
   */
  private PendingResult<T, R> tail;

  private Iterator<? extends T> source;
  private long waitStart;

  FeedingLoop(
      RunningMap<T, R> map,
      Supplier<? extends Iterator<? extends T>> opener,
      SourceCloser closer,
      int bufferSize,
      ChunkSizing sizing) {
    this.map = map;
    this.handOff = map.handOff();
    this.lifecycle = map.lifecycle();
    this.pullWindow = map.pullWindow();
    this.opener = opener;
    this.closer = closer;
    this.bufferSize = bufferSize;
    this.refillBatch = refillBatch(bufferSize);
    this.sizing = sizing;
    this.tail = map.head();
  }

  /** An eighth of the buffer, between 1 and MAX_REFILL_BATCH. */
  static int refillBatch(int bufferSize) {
    return Math.max(1, Math.min(MAX_REFILL_BATCH, bufferSize / 8));
  }

  /** One run, under the map caller's context if one was captured. */
  @Override
  public void run() {
    ContextPropagator.Snapshot context = map.context();
    if (context == null) {
      feedOnce();
      return;
    }
    boolean[] fed = {false};
    try {
      context.run(
          () -> {
            fed[0] = true;
            feedOnce();
          });
    } catch (Throwable contextFailure) {
      if (fed[0]) {
        // The run is over and may have given the token up: the list is no longer its to end.
        throw contextFailure;
      }
      endFeeding(contextFailure); // the snapshot failed before the run: the map fails with it
    }
  }

  private void feedOnce() {
    reportWait();
    try {
      if (opener != null) {
        Iterator<? extends T> it =
            Objects.requireNonNull(opener.get(), "the source returned a null iterator");
        opener = null;
        source = it;
        closer.opened(it);
        if (lifecycle.isStopped()) {
          closer.closeOpenedIterator();
          feedingEnded();
          return;
        }
      }
      if (source != null && !feed(source)) {
        feedingEnded();
      }
    } catch (Throwable sourceFailure) {
      endFeeding(sourceFailure);
    }
  }

  private void feedingEnded() {
    tail = null;
    source = null;
  }

  /**
   * The feeder executor refused to start a run: the caller holds the token, so it ends the list
   * here, in the feeder's place.
   */
  void refused(Throwable refusal) {
    endFeeding(refusal);
  }

  /** Feeds until the buffer is full (true: the thread goes back) or feeding ends (false). */
  private boolean feed(Iterator<? extends T> it) {
    boolean groups = sizing.groups();
    PendingGroup<T, R> open = null;
    long lastPull = 0L;
    long pulledAt = groups ? System.nanoTime() : 0L;
    int pullsUnclocked = 0;
    int pullsPerClockRead = 1;
    int held = 0;
    long pulledCount = handOff.pulled();
    try {
      while (true) {
        if (!handOff.hasSpace(pulledCount)) {
          if (open != null) {
            if (!flush(open)) {
              return false;
            }
            open = null;
          }
          if (!awaitSpace(pulledCount)) {
            return true; // the take that frees space starts the next run
          }
          if (groups) {
            pulledAt = System.nanoTime();
            pullsUnclocked = 0;
          }
        }
        if (!lifecycle.isFeeding()) {
          break;
        }
        if (!it.hasNext()) {
          if (open == null || flush(open)) {
            append(PendingResult.end(map));
          }
          return false;
        }
        if (!pullWindow.begin(lifecycle)) {
          break;
        }
        T input;
        try {
          input = it.next();
        } finally {
          pullWindow.end();
        }
        handOff.setPulledRelease(++pulledCount);
        if (!groups) {
          PendingResult<T, R> node = PendingResult.task(map, input);
          append(node);
          if (!dispatch(node)) {
            return false;
          }
          continue;
        }
        boolean clocked = ++pullsUnclocked >= pullsPerClockRead;
        if (clocked) {
          // Reading the clock costs more than a fast pull (about 30 ns on a VM): while pulls are
          // fast, read it every few pulls; a source that then blocks is caught by the waiting
          // consumer.
          long now = System.nanoTime();
          lastPull = (now - pulledAt) / pullsUnclocked;
          pulledAt = now;
          pullsUnclocked = 0;
          pullsPerClockRead = lastPull < CLOCKED_PULL_NANOS ? PULLS_PER_CLOCK_READ : 1;
        }
        held = open == null ? 0 : open.tryAdd(input, held);
        if (held == 0) {
          int size = sizing.nextGroupSize(handOff.taskNanosPerInput(), lastPull);
          if (size == 1) {
            open = null;
            PendingResult<T, R> node = PendingResult.task(map, input);
            append(node);
            if (!dispatch(node)) {
              return false;
            }
            pulledAt = System.nanoTime();
            pullsUnclocked = 0;
            continue;
          }
          open = new PendingGroup<>(map, size, input, pulledAt);
          append(open);
          held = 1;
          clocked = true; // a new group is due at once if the next pull is expected to be slow
        }
        // The age only changes when the clock is read: submit a full group, or one that the next
        // pull is expected to make older than its flush age.
        if (held == open.capacity() || (clocked && open.isOld(pulledAt, lastPull))) {
          if (!flush(open)) {
            return false;
          }
          open = null;
          pulledAt = System.nanoTime();
          pullsUnclocked = 0;
        }
      }
    } catch (Throwable sourceFailure) {
      if (open != null) {
        flush(open);
      }
      throw sourceFailure;
    }
    if (open != null && !flush(open)) {
      return false;
    }
    endFeeding(null);
    return false;
  }

  /**
   * The buffer is full: registers to run again once a refill batch is free, and returns false to
   * give the thread back; true if the feeder may go on at once (HandOff says when). A batch
   * registration is lowered to one slot by the patience timer.
   */
  private boolean awaitSpace(long pulledCount) {
    if (map.waitListener() != null) {
      waitStart = System.nanoTime(); // before the registration: the next run may start at once
    }
    if (handOff.registerFeeder(pulledCount, refillBatch)) {
      waitStart = 0L;
      return true;
    }
    long patience = refillPatienceNanos;
    if (refillBatch > 1 && patience < NO_PATIENCE_TIMER) {
      long full = pulledCount - bufferSize;
      long registeredAt = full + refillBatch;
      HandOff registeredWith = handOff;
      SharedThreads.timer()
          .schedule(
              () -> registeredWith.lowerFeederRegistration(registeredAt, full + 1),
              patience,
              TimeUnit.NANOSECONDS);
    }
    return false;
  }

  /** Reports how long the feeder waited for space, when a run starts after a wait. */
  private void reportWait() {
    long start = waitStart;
    if (start != 0L) {
      waitStart = 0L;
      WaitListener listener = map.waitListener();
      if (listener != null) {
        WaitListeners.report(listener, false, System.nanoTime() - start);
      }
    }
  }

  /** Seals and dispatches a group unless the consumer already did; false if the pool refused it. */
  private boolean flush(PendingGroup<T, R> group) {
    return !group.seal() || dispatch(group);
  }

  private boolean dispatch(PendingResult<T, R> node) {
    return !lifecycle.isStopped() && map.dispatch(node);
  }

  /** Posts why feeding ended early, unless the consumer is gone; a shutdown wins over the cause. */
  private void endFeeding(Throwable cause) {
    Throwable shutdown = lifecycle.feedingStop();
    Throwable failure = shutdown != null ? shutdown : cause;
    if (failure != null && !lifecycle.isStopped()) {
      append(PendingResult.failure(map, failure));
    }
    feedingEnded();
  }

  private void append(PendingResult<T, R> node) {
    tail.link(node);
    tail = node;
    handOff.wakeConsumerAwaiting(null);
  }
}
