package io.github.streamexecutors;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

/*
 * One map while it runs: wires its parts together and is what each side calls.
 * - MapLifecycle: the map's single state (open, shut down, stopped and why);
 * - HandOff: buffer space and who wakes whom; its token decides who starts the feeder's next run;
 * - FeedingLoop, run by FeederScheduler on the feeder executor: pulls, builds and dispatches tasks;
 * - Dispatch: how a task reaches the pool;
 * - SourceCloser: closes the source once;
 * - the list from `head`: PendingResult nodes, each a task and the slot of its outcome, read by
 *   OrderedResults, the consumer side, which this class never references (its reachability
 *   decides abandonment).
 *
 * Stop: close, the end of the results, a failure the consumer took, and abandonment all end in
 * stop(reason): idempotent and callable from any thread; the winner deregisters the map,
 * interrupts a feeder run in flight, wakes the consumer, closes the source and, for a close, waits
 * for a pull in progress (PullWindow). Tasks not yet started then skip the function. Shutdown ends in stopFeeding(): no more pulls; the consumer still
 * receives every task already dispatched (after shutdownNow(), those already running), then the
 * shutdown.
 */
final class RunningMap<T, R> {

  private final StreamTaskExecutor executor;
  private final Function<? super T, ? extends R> fn;
  private final long id;
  private final int bufferSize;
  private final long startNanos = System.nanoTime();
  private final MapLifecycle lifecycle = new MapLifecycle();
  private final PullWindow pullWindow = new PullWindow();
  private final HandOff handOff;
  private final SourceCloser closer;
  private final boolean measuresTasks;
  private final Dispatch dispatch;
  private final Executor feederExecutor;

  /** The list's sentinel, until the consumer takes it: nothing else may keep the results. */
  private PendingResult<T, R> head = PendingResult.sentinel(this);

  private final LongAdder finished = new LongAdder();
  private final FeederScheduler scheduler;
  private final ContextPropagator.Snapshot context;

  RunningMap(
      StreamTaskExecutor executor,
      Function<? super T, ? extends R> fn,
      Supplier<? extends Iterator<? extends T>> opener,
      AutoCloseable source,
      int bufferSize,
      MapOptions options,
      long id,
      ContextPropagator.Snapshot context) {
    this.executor = executor;
    this.fn = fn;
    this.id = id;
    this.bufferSize = bufferSize;
    this.context = context;
    this.dispatch = executor.dispatch();
    this.feederExecutor = executor.feederExecutor();
    this.handOff = new HandOff(bufferSize, lifecycle, this::resumeFeeder);
    this.closer = new SourceCloser(source, id);
    ChunkSizing sizing = ChunkSizing.of(options, bufferSize);
    this.measuresTasks = sizing.adaptive();
    FeedingLoop<T, R> loop = new FeedingLoop<>(this, opener, closer, bufferSize, sizing);
    this.scheduler =
        new FeederScheduler(
            feederExecutor,
            loop,
            loop::refused,
            "stream-executors-feeder-" + executor.name() + "-" + id);
  }

  /** Starts the feeder's first run; throws if the feeder executor refuses it. */
  void start() {
    scheduler.start();
  }

  private void resumeFeeder() {
    scheduler.resume();
  }

  MapLifecycle lifecycle() {
    return lifecycle;
  }

  HandOff handOff() {
    return handOff;
  }

  PullWindow pullWindow() {
    return pullWindow;
  }

  /** The list's first node, for the feeder to append after. */
  PendingResult<T, R> head() {
    return head;
  }

  /**
   * Hands the list's first node to the consumer, once, and forgets it: what still holds this map (a
   * thread that ran its feeder, a timer task) must not keep the results the consumer dropped.
   */
  PendingResult<T, R> takeHead() {
    PendingResult<T, R> first = head;
    head = null;
    return first;
  }

  /** The map caller's context, or null when the executor propagates none. */
  ContextPropagator.Snapshot context() {
    return context;
  }

  WaitListener waitListener() {
    return executor.waitListener();
  }

  // ---- tasks: pool workers ----

  boolean isStopped() {
    return lifecycle.isStopped();
  }

  R apply(T input) {
    return fn.apply(input);
  }

  boolean measuresTasks() {
    return measuresTasks;
  }

  void taskMeasured(long nanos, int inputs) {
    handOff.taskMeasured(nanos, inputs);
  }

  /** A group published one more result: wake the consumer if it waits for this group. */
  void positionComputed(PendingGroup<T, R> group) {
    handOff.wakeConsumerAwaiting(group);
  }

  /** Called once per task, by whoever completed it. */
  void taskFinished(PendingResult<T, R> node) {
    finished.add(node.inputCount());
    handOff.wakeConsumerAwaiting(node);
  }

  // ---- dispatching ----

  /** Dispatches a node; if it is refused, the node fails with the refusal. The feeder's thread. */
  boolean dispatch(PendingResult<T, R> node) {
    try {
      dispatch.dispatch(node);
      return true;
    } catch (Throwable refusal) {
      node.reject(refusal);
      return false;
    }
  }

  /**
   * The consumer sealed a group it waited for: dispatched from the feeder executor, never from the
   * consumer's thread, which must not run a task (a pool with CallerRunsPolicy would run it there,
   * under the consumer's interrupt status).
   */
  void dispatchSealedByConsumer(PendingResult<T, R> group) {
    try {
      feederExecutor.execute(() -> dispatch(group));
    } catch (Throwable refusal) {
      group.reject(refusal);
    }
  }

  boolean poolTerminated() {
    return dispatch.isTerminated();
  }

  // ---- stopping: any thread ----

  RejectedExecutionException feedingStop() {
    return lifecycle.feedingStop();
  }

  boolean unstartedDropped() {
    return lifecycle.unstartedDropped();
  }

  /**
   * The map's single stop path, idempotent: no more pulls, tasks not yet started skip the function,
   * both sides are woken, the map leaves its executor's figures, the source is closed, and a pull
   * in progress has returned. A failure to close the source is thrown to the caller that stopped
   * the map.
   */
  void stop(StopReason reason) {
    if (!lifecycle.stop(reason)) {
      return;
    }
    executor.deregister(this);
    scheduler.interruptRun();
    handOff.wakeConsumer();
    try {
      closer.close();
    } finally {
      // Only close() promises that no input is taken after it returns. An abandoned map must not
      // hold the Cleaner's one thread, shared by every map, in a next() that may block long; a
      // feeder that stops its own map is not pulling.
      if (reason == StopReason.CLOSED && scheduler.runner() != Thread.currentThread()) {
        pullWindow.awaitEnd();
      }
    }
  }

  /**
   * Shutdown: no more pulls; what the pool computes is still delivered, then {@code cause}. With
   * {@code unstartedDropped} (shutdownNow), tasks that have not started will not run: the consumer
   * fails them with {@code cause} instead of waiting.
   */
  void stopFeeding(RejectedExecutionException cause, boolean unstartedDropped) {
    if (lifecycle.stopFeeding(cause, unstartedDropped)) {
      // An idle feeder is not resumed to post the shutdown: a consumer that reaches the end of
      // the list sees the shutdown itself, and a feeder resumed later posts it.
      handOff.wakeConsumer();
    }
  }

  // ---- introspection for tests ----

  boolean feederIdle() {
    return handOff.feederIdle();
  }

  Thread feederRunner() {
    return scheduler.runner();
  }

  // ---- figures: any thread, no locks ----

  long queueDepth() {
    return handOff.queueDepth();
  }

  long inFlight() {
    long done = finished.sum();
    return handOff.pulled() - done;
  }

  MapStatistics statistics() {
    return new MapStatistics(
        id, bufferSize, queueDepth(), inFlight(), Duration.ofNanos(System.nanoTime() - startNanos));
  }
}
