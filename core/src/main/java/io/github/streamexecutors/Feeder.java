package io.github.streamexecutors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/*
 * One map: its feeder thread, and the state the feeder shares with the consumer (OrderedResults).
 *
 * Algorithm. The feeder thread opens the source, then loops: wait for buffer space, pull one
 * input, append a PendingResult node to a singly linked list, submit that node to the pool. The
 * node is at once the pool task and the slot for its outcome, so the list is the only hand-off:
 * no second queue. The consumer walks the list from its head in input order, waits for each node
 * to complete, and takes its outcome. A terminal node (end of input, a source failure, a
 * shutdown) ends the list; a task the pool refuses fails in place with the refusal.
 *
 * Invariant: pulled - returned <= bufferSize. `pulled` counts inputs the source handed over
 * (next() returned); `returned` counts results the consumer has taken (a failure ends the map).
 * Only the feeder writes `pulled`, and only after it has read pulled - returned < bufferSize;
 * only the consumer writes `returned`, which only grows. So the bound holds at every moment, and
 * while the consumer idles nothing but the bound stops the feeder: the buffer fills to exactly
 * bufferSize.
 *
 * Blocking points, and who wakes each one:
 * - feeder parked for buffer space: the consumer, after taking the result that brings `returned`
 *   to feederWakeAt (it reads feederWakeAt after writing `returned`; the feeder writes
 *   feederWakeAt before re-reading `returned`); stop() and stopFeeding() unpark it. A full buffer
 *   is refilled in batches: the feeder first waits for refillBatch free slots, so that it wakes
 *   once per batch instead of trailing the consumer slot by slot (each slot would cost a wake-up
 *   and a cache miss on `returned` on both sides). It takes whatever space there is as soon as
 *   the consumer registers to wait for a result (the pool is then behind: hold nothing back from
 *   it; the consumer reads feederWakeAt after registering, the feeder reads parkedConsumer after
 *   publishing feederWakeAt, and the consumer unparks it), or after refillPatienceNanos, when it
 *   wakes by itself: a consumer that pauses still finds the buffer filled to exactly bufferSize.
 * - feeder inside the source's hasNext()/next(): stop() interrupts it and closes the source
 *   (a source that is itself a map then ends). stopFeeding() does not interrupt: with
 *   CallerRunsPolicy the feeder may be running a task whose result is still to be delivered; the
 *   consumer does not wait for that pull, and its end of the map stops the feeder as above. The
 *   feeder checks for a stop between hasNext() and next(), so no input is taken after a stop.
 * - consumer parked for the next node: the feeder after appending; stop(); stopFeeding() (the
 *   consumer then throws the rejection instead of waiting for a source that may never return).
 * - consumer parked for a node to complete: the worker that completes it (taskFinished), and for
 *   a group the worker after each result (positionComputed); stop(); after shutdownNow(), the
 *   consumer itself fails a task that has not started (the pool may have handed it back wrapped,
 *   so it cannot be recognised there); and, should the pool drop the task otherwise, the
 *   consumer's own periodic check of the pool's termination. (A consumer whose task is already
 *   running spins for a microsecond or two before it parks.)
 * Every park is preceded by publishing who waits for what (feederWakeAt; parkedConsumer and
 * awaited) and then re-checking the condition, so a wake-up can come early but is never lost.
 * One exception, bounded: a group publishes each result with a release store, not a fence, before
 * it reads the registration, so it can miss a consumer registering at that instant; the consumer's
 * first park after registering for a group therefore lasts at most 20 µs.
 * A waker takes the registration with a compare-and-set before it unparks, so each wait costs
 * one unpark however many results or permits arrive before the waiter runs; the waiter
 * registers again before each park.
 *
 * Chunking (opt-in): the feeder keeps one open PendingGroup at a time, already appended, and adds
 * inputs to it; the group is sealed and submitted when full, when the buffer is full, when the
 * source ends, when the next pull is expected to end after the group's flush age, or by a
 * consumer that has waited for the group until that age (the source may be blocked). The bound
 * still counts inputs. Adaptive chunking sizes each new group from the measured pace of tasks
 * and pulls.
 *
 * Close, a failure the consumer has taken, the end of the results, and abandonment (the Cleaner
 * registered on OrderedResults, which this class never references) all end in stop(): idempotent,
 * callable from any thread. Shutdown ends in stopFeeding(): the consumer gets what the pool
 * computes (after shutdown(), every submitted task; after shutdownNow(), the tasks already
 * running), then a RejectedExecutionException.
 */
final class Feeder<T, R> extends FeederPadding4<T, R> implements Runnable {

  /** Adaptive chunking sizes a group to run about this long. */
  private static final long TARGET_GROUP_NANOS = 50_000;

  /**
   * Adaptive chunking groups only while a task and a pull each take at most this long: about what
   * handing one task to a pool costs, so below it the hand-off dominates the work.
   */
  private static final long TINY_NANOS = 10_000;

  private static final int MAX_GROUP = 1024;

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
  static final long REFILL_PATIENCE_NANOS = 1_000_000;

  /** REFILL_PATIENCE_NANOS; tests raise it to see that no refill depends on the timeout. */
  static volatile long refillPatienceNanos = REFILL_PATIENCE_NANOS;

  /** A full buffer is refilled in batches of at most this many slots. */
  private static final int MAX_REFILL_BATCH = 1024;

  private static final VarHandle PULLED;
  private static final VarHandle STOPPED;
  private static final VarHandle FEEDING_STOP;
  private static final VarHandle OPENED;
  private static final VarHandle FEEDER_WAKE_AT;
  private static final VarHandle PARKED_CONSUMER;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      PULLED = lookup.findVarHandle(FeederProducerFields.class, "pulled", long.class);
      STOPPED = lookup.findVarHandle(Feeder.class, "stopped", boolean.class);
      FEEDING_STOP =
          lookup.findVarHandle(Feeder.class, "feedingStop", RejectedExecutionException.class);
      OPENED = lookup.findVarHandle(Feeder.class, "opened", Iterator.class);
      FEEDER_WAKE_AT = lookup.findVarHandle(FeederWaitFields.class, "feederWakeAt", long.class);
      PARKED_CONSUMER =
          lookup.findVarHandle(FeederWaitFields.class, "parkedConsumer", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Stands for the opened iterator once stop() has closed the source. */
  private static final Iterator<Object> SOURCE_CLOSED =
      new Iterator<>() {
        @Override
        public boolean hasNext() {
          return false;
        }

        @Override
        public Object next() {
          throw new NoSuchElementException();
        }
      };

  private final StreamTaskExecutor executor;

  // The function, the source and the list's head are dropped when the map ends: whatever still
  // holds this object (JDK 21+ keeps an ended thread's Runnable) must not retain them.
  private volatile Function<? super T, ? extends R> fn;
  private Supplier<? extends Iterator<? extends T>> opener;
  private volatile AutoCloseable closer;
  private PendingResult<T, R> head;
  private final int bufferSize;
  private final int refillBatch;
  private final int chunkSize;
  private final boolean adaptiveChunking;
  private final long id;
  private final long startNanos = System.nanoTime();
  private final Thread thread;
  private final LongAdder finished = new LongAdder();
  private final ContextPropagator.Snapshot context;

  private volatile boolean stopped;
  private volatile RejectedExecutionException feedingStop;

  /** The iterator the feeder opened; SOURCE_CLOSED once stop() has taken it to close it. */
  private volatile Iterator<?> opened;

  private volatile boolean unstartedDropped;

  Feeder(
      StreamTaskExecutor executor,
      Function<? super T, ? extends R> fn,
      Supplier<? extends Iterator<? extends T>> opener,
      AutoCloseable closer,
      int bufferSize,
      MapOptions options,
      long id,
      ContextPropagator.Snapshot context) {
    this.executor = executor;
    this.fn = fn;
    this.opener = opener;
    this.closer = closer;
    this.bufferSize = bufferSize;
    this.refillBatch = Math.max(1, Math.min(MAX_REFILL_BATCH, bufferSize / 8));
    this.chunkSize = Math.min(options.chunkSize(), bufferSize);
    this.adaptiveChunking = options.adaptiveChunking();
    this.id = id;
    this.context = context;
    this.head = PendingResult.sentinel(this);
    this.tail = head;
    this.thread = new Thread(this, "stream-executors-feeder-" + executor.name() + "-" + id);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** The feeder thread's body: feeds under the map caller's context, if one was captured. */
  @Override
  public void run() {
    try {
      if (context == null) {
        feed();
        return;
      }
      try {
        context.run(this::feed);
      } catch (Throwable contextFailure) {
        // The snapshot failed, before feeding (posted as the map's failure) or after it ended
        // (posted after the end node, where the consumer never reads).
        endFeeding(contextFailure);
      }
    } finally {
      tail = null; // the last node, which may hold a whole group of results
    }
  }

  private void feed() {
    try {
      Supplier<? extends Iterator<? extends T>> open = opener;
      opener = null;
      Iterator<? extends T> it =
          Objects.requireNonNull(open.get(), "the source returned a null iterator");
      if (!OPENED.compareAndSet(this, null, it)) {
        // stop() has closed the source before it saw this iterator: close it here, unless it is
        // the source itself.
        AutoCloseable source = closer;
        closer = null;
        closeIterator(it, source);
        return;
      }
      if (stopped) {
        return;
      }
      if (chunkSize == 1 && !adaptiveChunking) {
        feedOneByOne(it);
      } else {
        feedInGroups(it);
      }
    } catch (Throwable sourceFailure) {
      endFeeding(sourceFailure);
    }
  }

  private void feedOneByOne(Iterator<? extends T> it) {
    while (awaitSpace()) {
      if (!it.hasNext()) {
        append(PendingResult.end(this));
        return;
      }
      if (!isFeeding()) {
        break;
      }
      PendingResult<T, R> node = PendingResult.task(this, it.next());
      PULLED.setRelease(this, pulled + 1);
      append(node);
      if (stopped || !submit(node)) {
        return;
      }
    }
    endFeeding(null);
  }

  private void feedInGroups(Iterator<? extends T> it) {
    PendingGroup<T, R> open = null;
    long lastPull = 0L;
    long pulledAt = System.nanoTime();
    int pullsUnclocked = 0;
    int pullsPerClockRead = 1;
    int held = 0;
    long pulledCount = pulled;
    try {
      while (true) {
        if (!hasSpace(pulledCount)) {
          if (open != null) {
            if (!flush(open)) {
              return;
            }
            open = null;
          }
          if (!awaitSpace()) {
            break;
          }
          pulledAt = System.nanoTime();
          pullsUnclocked = 0;
        } else if (!isFeeding()) {
          break;
        }
        if (!it.hasNext()) {
          if (open == null || flush(open)) {
            append(PendingResult.end(this));
          }
          return;
        }
        if (!isFeeding()) {
          break;
        }
        T input = it.next();
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
        PULLED.setRelease(this, ++pulledCount);
        held = open == null ? 0 : open.tryAdd(input, held);
        if (held == 0) {
          int size = nextGroupSize(lastPull);
          if (size == 1) {
            open = null;
            PendingResult<T, R> node = PendingResult.task(this, input);
            append(node);
            if (stopped || !submit(node)) {
              return;
            }
            pulledAt = System.nanoTime();
            pullsUnclocked = 0;
            continue;
          }
          open = new PendingGroup<>(this, size, input, pulledAt);
          append(open);
          held = 1;
          clocked = true; // a new group is due at once if the next pull is expected to be slow
        }
        // The age only changes when the clock is read: submit a full group, or one that the next
        // pull is expected to make older than its flush age.
        if (held == open.capacity() || (clocked && open.isOld(pulledAt, lastPull))) {
          if (!flush(open)) {
            return;
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
      return;
    }
    endFeeding(null);
  }

  private int nextGroupSize(long lastPull) {
    if (!adaptiveChunking) {
      return chunkSize;
    }
    long task = taskNanosPerInput;
    if (task < 0 || task > TINY_NANOS || lastPull > TINY_NANOS) {
      return 1;
    }
    long size = TARGET_GROUP_NANOS / Math.max(1, task + lastPull);
    return (int) Math.max(1, Math.min(Math.min(MAX_GROUP, bufferSize / 4), size));
  }

  /** Seals and submits a group unless the consumer already did; false if the pool refused it. */
  private boolean flush(PendingGroup<T, R> group) {
    return !group.seal() || submit(group);
  }

  /** Submits a node; if the pool refuses, the node fails with the refusal. Any thread. */
  boolean submit(PendingResult<T, R> node) {
    try {
      executor.delegate().execute(node);
      return true;
    } catch (Throwable rejection) {
      node.reject(rejection);
      return false;
    }
  }

  /** Posts why feeding ended early, unless the consumer is gone; a shutdown wins over the cause. */
  private void endFeeding(Throwable cause) {
    RejectedExecutionException shutdown = feedingStop;
    Throwable failure = shutdown != null ? shutdown : cause;
    if (failure != null && !stopped) {
      append(PendingResult.failure(this, failure));
    }
  }

  /**
   * Whether pulled - returned < bufferSize; reads `returned` only when the last value seen fails.
   */
  private boolean hasSpace(long pulledNow) {
    return pulledNow - returnedSeen < bufferSize
        || pulledNow - (returnedSeen = returned) < bufferSize;
  }

  /**
   * Waits until pulled - returned < bufferSize; false when feeding must end instead. While the
   * consumer keeps taking results, waits for refillBatch free slots; once the consumer waits for a
   * result, or after refillPatienceNanos, for one.
   */
  private boolean awaitSpace() {
    if (hasSpace(pulled)) {
      return isFeeding();
    }
    long full = pulled - bufferSize; // `returned` when the buffer is full: one more frees a slot
    WaitListener listener = executor.waitListener();
    long start = System.nanoTime();
    long patienceNanos = refillPatienceNanos;
    int wanted = refillBatch;
    boolean parked = false;
    try {
      while (isFeeding()) {
        // Published before each check: the consumer that takes the registration also unparks.
        long wakeAt = full + wanted;
        feederWakeAt = wakeAt;
        long taken = returned;
        returnedSeen = taken;
        if (taken >= wakeAt || (taken > full && parkedConsumer != null)) {
          break;
        }
        parked = true;
        if (wanted == 1) {
          LockSupport.park(this);
        } else {
          long patience = start + patienceNanos - System.nanoTime();
          if (patience <= 0) {
            wanted = 1; // the consumer paused: take what space there is
            continue;
          }
          LockSupport.parkNanos(this, patience);
        }
        // Only stop() interrupts this thread, and it ends the loop; an interrupt from elsewhere
        // must not turn the park into a spin.
        Thread.interrupted();
      }
    } finally {
      feederWakeAt = NOT_WAITING;
    }
    if (listener != null && parked) {
      StreamTaskExecutor.report(listener, false, System.nanoTime() - start);
    }
    return isFeeding();
  }

  private boolean isFeeding() {
    return !stopped && feedingStop == null;
  }

  private void append(PendingResult<T, R> node) {
    tail.link(node);
    tail = node;
    wakeConsumerAwaiting(null);
  }

  /**
   * Unparks the consumer if it waits for {@code node} (null: for the next node to be appended). The
   * waker takes the registration, so a consumer is unparked once per wait however many results
   * arrive meanwhile; the consumer registers again before it parks again.
   */
  private void wakeConsumerAwaiting(PendingResult<T, R> node) {
    Thread consumer = parkedConsumer;
    if (consumer != null
        && awaited == node
        && PARKED_CONSUMER.compareAndSet(this, consumer, null)) {
      LockSupport.unpark(consumer);
    }
  }

  /** The map caller's context, or null when the executor propagates none. */
  ContextPropagator.Snapshot context() {
    return context;
  }

  /** Runs the function; a task that checked for a stop just before it may find it dropped. */
  R apply(T input) {
    Function<? super T, ? extends R> function = fn;
    if (function == null) {
      throw new CancellationException("map " + id + " has stopped");
    }
    return function.apply(input);
  }

  boolean measuresTasks() {
    return adaptiveChunking;
  }

  /** Adaptive chunking: a task computed {@code inputs} inputs in {@code nanos}. Racy by design. */
  void taskMeasured(long nanos, int inputs) {
    long perInput = nanos / inputs;
    long average = taskNanosPerInput;
    taskNanosPerInput = average < 0 ? perInput : (7 * average + perInput) / 8;
  }

  /**
   * A group published one more result: wake the consumer if it waits for this group. A read of the
   * registration when none is there: cheap enough for every result.
   */
  void positionComputed(PendingGroup<T, R> group) {
    wakeConsumerAwaiting(group);
  }

  /** Called once per task, by whoever completed it. */
  void taskFinished(PendingResult<T, R> node) {
    finished.add(node.inputCount());
    wakeConsumerAwaiting(node);
  }

  // ---- consumer side: called by OrderedResults on the consumer's thread ----

  /** The list's head, taken once by the consumer: the feeder keeps only its tail. */
  PendingResult<T, R> takeHead() {
    PendingResult<T, R> first = head;
    head = null;
    return first;
  }

  /** The consumer took one result or function failure: one permit back to the feeder. */
  void resultTaken() {
    long taken = returned + 1;
    returned = taken;
    // Taking the registration unparks the feeder once, not once per result until it runs.
    long wakeAt = feederWakeAt;
    if (taken >= wakeAt) {
      takeFeederRegistration(wakeAt);
    }
  }

  /**
   * Publishes that {@code consumer} will park until {@code node} completes (null: is appended).
   * Returns whether that is a new registration, rather than one no waker has taken yet.
   */
  boolean consumerAwaits(Thread consumer, PendingResult<T, R> node) {
    boolean fresh = parkedConsumer != consumer || awaited != node;
    awaited = node;
    parkedConsumer = consumer;
    // A feeder waiting for a batch of free slots takes what there is while the consumer waits.
    long wakeAt = feederWakeAt;
    if (wakeAt != NOT_WAITING) {
      takeFeederRegistration(wakeAt);
    }
    return fresh;
  }

  /** Unparks the feeder if its wait for space is still the one registered with {@code wakeAt}. */
  private void takeFeederRegistration(long wakeAt) {
    if (FEEDER_WAKE_AT.compareAndSet(this, wakeAt, NOT_WAITING)) {
      LockSupport.unpark(thread);
    }
  }

  /** The consumer stopped waiting; forgets the node too, which would keep the list reachable. */
  void consumerResumed() {
    parkedConsumer = null;
    awaited = null;
  }

  boolean poolTerminated() {
    return executor.delegate().isTerminated();
  }

  WaitListener waitListener() {
    return executor.waitListener();
  }

  // ---- stopping: any thread ----

  boolean isStopped() {
    return stopped;
  }

  RejectedExecutionException feedingStop() {
    return feedingStop;
  }

  /**
   * The map's single stop path, idempotent: no more pulls, tasks not yet started skip the function,
   * both sides are woken, the map leaves its executor's figures, and the source is closed. A
   * failure to close the source is thrown to the caller.
   */
  void stop() {
    if (!STOPPED.compareAndSet(this, false, true)) {
      return;
    }
    executor.deregister(this);
    wakeFeeder();
    Thread consumer = parkedConsumer;
    if (consumer != null) {
      LockSupport.unpark(consumer);
    }
    fn = null;
    AutoCloseable source = closer;
    Iterator<?> it = (Iterator<?>) OPENED.getAndSet(this, SOURCE_CLOSED);
    if (it != null) {
      closer = null; // else run() still needs it, to tell the iterator it opens from the source
    }
    Throwable closeFailure = null;
    try {
      if (source != null) {
        OrderedResults.closeAsSource(source);
      }
    } catch (Throwable e) {
      closeFailure = e;
    }
    try {
      closeIterator(it, source);
    } catch (Throwable e) {
      if (closeFailure == null) {
        closeFailure = e;
      } else {
        closeFailure.addSuppressed(e);
      }
    }
    if (closeFailure instanceof Error error) {
      throw error;
    }
    if (closeFailure != null) {
      throw unchecked((Exception) closeFailure);
    }
  }

  /**
   * Shutdown: no more pulls; what the pool computes is still delivered, then {@code cause}. With
   * {@code unstartedDropped} (shutdownNow), tasks that have not started will not run: the consumer
   * fails them with {@code cause} instead of waiting.
   */
  void stopFeeding(RejectedExecutionException cause, boolean unstartedDropped) {
    if (unstartedDropped) {
      this.unstartedDropped = true;
    }
    if (FEEDING_STOP.compareAndSet(this, null, cause) || unstartedDropped) {
      LockSupport.unpark(thread);
      Thread consumer = parkedConsumer;
      if (consumer != null) {
        LockSupport.unpark(consumer);
      }
    }
  }

  boolean unstartedDropped() {
    return unstartedDropped;
  }

  private void wakeFeeder() {
    if (thread != Thread.currentThread()) {
      // The feeder thread runs only this map and ends with it, so its interrupt status harms no
      // later work; the interrupt frees it from a source blocked in an interruptible wait. A
      // task run inline by CallerRunsPolicy sees it too: its result is discarded anyway.
      thread.interrupt();
    }
  }

  /** Closes an iterator the feeder opened from an Iterable, unless it is the source itself. */
  private void closeIterator(Iterator<?> it, AutoCloseable source) {
    if (it != source && it instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw unchecked(e);
      }
    }
  }

  private RuntimeException unchecked(Exception e) {
    if (e instanceof RuntimeException runtime) {
      return runtime;
    }
    if (e instanceof IOException io) {
      return new UncheckedIOException("closing the source of map " + id + " failed", io);
    }
    return new IllegalStateException("closing the source of map " + id + " failed", e);
  }

  // ---- figures: any thread, no locks ----

  long queueDepth() {
    long taken = returned;
    return pulled - taken;
  }

  long inFlight() {
    long done = finished.sum();
    return pulled - done;
  }

  MapStatistics statistics() {
    return new MapStatistics(
        id, bufferSize, queueDepth(), inFlight(), Duration.ofNanos(System.nanoTime() - startNanos));
  }
}
