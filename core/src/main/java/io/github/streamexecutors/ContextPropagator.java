package io.github.streamexecutors;

/**
 * Carries the context of the thread that calls {@code map} (a logging MDC, a trace span, a security
 * context: whatever lives in thread-locals) to the threads that work for that map.
 *
 * <p>A {@link StreamTaskExecutor} built with a propagator ({@link
 * StreamTaskExecutor.Builder#contextPropagator(ContextPropagator)}) calls {@link #capture()} once
 * per map, inside {@code map}, on the caller's thread. It then runs, through {@link
 * Snapshot#run(Runnable)} of that snapshot: the map's source reads by the feeder (opening the
 * source included, and so the upstream stages of a pipeline, which each run under the snapshot of
 * their own {@code map} caller), and every task or chunk of that map on the pool's threads. So two
 * maps started by callers with different contexts each see their own, even on one pool.
 *
 * <pre>{@code
 * ContextPropagator requestId = () -> {
 *   String captured = REQUEST_ID.get();            // on the map() caller's thread
 *   return work -> {
 *     String own = REQUEST_ID.get();
 *     REQUEST_ID.set(captured);
 *     try {
 *       work.run();
 *     } finally {
 *       REQUEST_ID.set(own);                       // the worker's own context, restored
 *     }
 *   };
 * };
 * StreamTaskExecutor executor =
 *     StreamTaskExecutor.builder(pool).name("io").contextPropagator(requestId).build();
 * }</pre>
 *
 * <p>Capture once, run often: a snapshot is used by many threads at once and for the whole life of
 * its map, so it must be immutable after {@code capture} returns. A propagator or snapshot that
 * throws fails the map, not the caller's thread: an exception from {@code capture} is thrown by
 * {@code map} (no map starts); one from {@code run} before it ran the work fails the map at that
 * position (the feeder's: the map's failure). {@link #NONE}, the default, captures nothing and
 * costs nothing per task.
 */
@FunctionalInterface
public interface ContextPropagator {

  /** Captures nothing: tasks run in the pool thread's own context, with no cost per task. */
  ContextPropagator NONE = () -> Runnable::run;

  /**
   * Captures the calling thread's context. Called once per map, by {@code map}, on the thread that
   * called it.
   *
   * @return the captured context; not null
   */
  Snapshot capture();

  /** A captured context, applied around each piece of a map's work on any thread. */
  @FunctionalInterface
  interface Snapshot {

    /**
     * Runs {@code work} on the current thread under the captured context, then restores the
     * thread's own context, also when {@code work} throws (the exception propagates). Called
     * concurrently from many threads, and nested (a task run by the feeder itself, under {@code
     * CallerRunsPolicy}).
     *
     * @param work the map's work: a source read loop, a task or a chunk
     */
    void run(Runnable work);
  }
}
