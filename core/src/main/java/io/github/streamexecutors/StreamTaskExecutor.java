package io.github.streamexecutors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An {@link ExecutorService} whose {@code map} streams: it returns at once, reads the inputs with a
 * feeder that runs in the background, keeps at most {@code bufferSize} results ahead of the
 * consumer, and hands results back lazily, in input order. When the consumer closes the stream, or
 * drops it, feeding stops. Every {@code ExecutorService} method delegates to the wrapped pool.
 *
 * <pre>{@code
 * StreamTaskExecutor executor = new StreamTaskExecutor(Executors.newFixedThreadPool(16));
 * try (Stream<Page> pages = executor.map(this::download, urls, 32)) {
 *   pages.filter(Page::isHtml).limit(100).forEach(this::index);
 * } // closing stops the download feeder and closes urls if it is a Stream
 * }</pre>
 *
 * <h2>A map's contract</h2>
 *
 * <ul>
 *   <li><b>Non-blocking.</b> {@code map} validates its arguments and returns. The source is opened
 *       ({@link Iterable#iterator()}, {@link Stream#iterator()}) and read by the map's feeder: a
 *       task on the feeder executor ({@link Builder#feederExecutor}), not a thread of its own. It
 *       runs while the map has buffer space and input and returns its thread when the buffer is
 *       full; the take that frees space resumes it, so a map whose consumer idles holds no thread.
 *       While it runs, its thread is named {@code stream-executors-feeder-<executor name>-<map
 *       id>}. A source that blocks in {@code hasNext()} or {@code next()} holds the feeder's thread
 *       while it blocks.
 *   <li><b>Order.</b> Results come in input order, whatever order the tasks finish in. Each input
 *       is one task on the wrapped pool, unless {@link MapOptions} turns on chunking.
 *   <li><b>Bound.</b> At every moment, (inputs pulled from the source) − (results and function
 *       failures taken by the consumer) ≤ {@code bufferSize}. An input counts as pulled once the
 *       source's {@code next()} has returned it; a result counts as taken when the stream removes
 *       it from the buffer, just before it runs the consumer's action with it, so the feeder can
 *       pull the next input while that action runs (with {@code bufferSize} 1, a pipeline stage
 *       computes one result ahead of its consumer). While the consumer does not take results, the
 *       feeder pulls until the difference is exactly {@code bufferSize}, and no further. While the
 *       consumer keeps taking ready results, a full buffer of 16 or more is refilled in batches (an
 *       eighth of it, at most 1024 inputs); as soon as the consumer waits for a result, or a
 *       millisecond after it pauses, the feeder takes whatever space there is.
 *   <li><b>Failures.</b> If the function throws for input <i>i</i>, the consumer gets the results
 *       0..<i>i</i>−1, then the exception: a {@link RuntimeException} or {@link Error} as it was
 *       thrown, any other throwable as the cause of a {@link
 *       java.util.concurrent.CompletionException}. If the source throws after <i>k</i> inputs, the
 *       consumer gets the <i>k</i> results, then the source's exception, by the same rule. Either
 *       way the map then ends as if closed: tasks not yet started do not run the function, and the
 *       stream reports no more elements.
 *   <li><b>Close.</b> {@link Stream#close()} (from any thread) stops the feeder, stops tasks not
 *       yet started from running the function, wakes a consumer waiting for a result (it then sees
 *       the end of the stream), and closes the source if it is a {@link Stream}, or an {@link
 *       AutoCloseable} iterable or iterator. So closing the last stage of a pipeline closes every
 *       stage. Reaching the end of the results, or taking a failure, closes the map the same way.
 *       {@code close()} returns once the source is closed, also when another thread is closing it,
 *       and when {@code close()} is what stops the map, no input is taken from the source after it
 *       has returned: the source's {@code next()} is not called again, and a call the feeder had
 *       begun has returned (the feeder is interrupted and the source closed first, which frees most
 *       blocked calls; a {@code next()} that still blocks delays {@code close()}). A feeder that
 *       was about to call {@code hasNext()} may still call it once. A failure to close the source
 *       surfaces once: thrown by {@code close()}, or, after a failure of the map, added to that
 *       failure as suppressed. In a pipeline, a stage's close failure surfaces the same way at the
 *       last stage, however the pipeline ends (close, failure, rejection, shutdown). After the end,
 *       the stream no longer holds buffered results.
 *   <li><b>Abandonment.</b> A stream that becomes unreachable without being closed is closed after
 *       the garbage collector finds it, by a {@link java.lang.ref.Cleaner}: feeding stops and its
 *       source is closed, also while its feeder waits for space. Prefer try-with-resources:
 *       collection may come late.
 *   <li><b>Shutdown.</b> {@link #shutdown()} and {@link #shutdownNow()} stop every map's feeding
 *       without blocking. Each consumer gets the results of the tasks the pool completes, then a
 *       {@link RejectedExecutionException} at the first position that was not (or will not be)
 *       computed; a shutdown that races with the end of a finite source may end it with that
 *       exception rather than a clean end, after every result. A task the pool drops, even by a
 *       shutdown of the wrapped pool itself, surfaces the same way once the pool has terminated: a
 *       consumer never waits forever.
 *   <li><b>Interrupts.</b> A consumer interrupted while it waits for a result gets a {@link
 *       StreamInterruptedException} and keeps its interrupt status; no result is lost and the
 *       stream can still be closed. Pool threads are never interrupted by a map. A stop interrupts
 *       the map's feeder while it runs (freeing a source blocked in an interruptible wait); the
 *       interrupt ends with that run and never reaches the feeder executor's next task. The
 *       consumer never runs a task, whatever the pool's rejection policy.
 *   <li><b>Context.</b> With a {@link ContextPropagator} ({@link #builder(ExecutorService)}),
 *       {@code map} captures the caller's context once, on the caller's thread; the source reads
 *       and every task of that map run under it, and each thread's own context is restored after.
 *   <li><b>Threads.</b> The stream is sequential and is read by one thread at a time, as any
 *       stream; it may be closed from any thread. Many maps may run on one executor at once; each
 *       has its own feeder and bound.
 *   <li><b>Nested maps.</b> A function may itself map on this executor and consume the inner
 *       stream. On a {@link java.util.concurrent.ForkJoinPool}, a consumer waiting on one of the
 *       pool's workers waits through {@link java.util.concurrent.ForkJoinPool#managedBlock}, so the
 *       pool adds a worker while it waits, as it does for {@code CompletableFuture.join}. On a pool
 *       with a bounded number of threads, a task that consumes a map of the same pool can deadlock
 *       it: every thread can end up waiting for inner results whose tasks have no thread left to
 *       run on. Use another executor for the inner map.
 * </ul>
 *
 * <h2>Pipelines</h2>
 *
 * A map's input can be another map's stream; closing the last stage closes them all:
 *
 * <pre>{@code
 * try (Stream<Receipt> receipts =
 *     executor.map(this::upload,
 *         executor.map(this::countWords,
 *             executor.map(this::download, urls, 2), 2), 2)) {
 *   receipts.limit(10).forEach(System.out::println);
 * }
 * }</pre>
 *
 * <h2>Buffer size</h2>
 *
 * A small buffer (2 to a few times the pool's parallelism) when results are consumed slower than
 * produced: little memory, little wasted work when the consumer stops early. A large one, up to
 * what memory allows, when the whole output is needed and the consumer is fast. {@link #UNBOUNDED}
 * reads the whole source ahead, as a plain {@code ExecutorService} loop does, but still without
 * blocking the caller. The default is {@value #DEFAULT_BUFFER_SIZE}.
 *
 * <h2>Figures</h2>
 *
 * {@link #queueDepth()}, {@link #inFlight()}, {@link #activeMaps()} and {@link #openMaps()} read
 * live counters without locks; {@link #addWaitListener(WaitListener)} reports wait times. The
 * wrapped pool must not discard tasks silently ({@code DiscardPolicy}, {@code
 * DiscardOldestPolicy}): a map needs each task to run, fail, or be rejected with an exception.
 */
public class StreamTaskExecutor implements ExecutorService {

  /** A buffer size meaning "no limit": the feeder reads the whole source ahead. */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  /** The buffer size of a map when neither the call nor the constructor names one. */
  public static final int DEFAULT_BUFFER_SIZE = 10_000;

  private final ExecutorService delegate;
  private final int defaultBufferSize;
  private final String name;
  private final ContextPropagator contextPropagator;
  private final Dispatch dispatch;
  private final Executor feederExecutor;
  private final Set<RunningMap<?, ?>> openMaps = ConcurrentHashMap.newKeySet();
  private final AtomicLong mapIds = new AtomicLong();
  private final WaitListeners listeners = new WaitListeners();
  private volatile boolean shutdown;

  /**
   * Wraps {@code delegate} with the default buffer size {@value #DEFAULT_BUFFER_SIZE}.
   *
   * @param delegate the pool that runs the tasks; shut down by this executor's shutdown methods
   * @throws NullPointerException if {@code delegate} is null
   * @throws IllegalArgumentException if {@code delegate} discards tasks silently
   */
  public StreamTaskExecutor(ExecutorService delegate) {
    this(delegate, DEFAULT_BUFFER_SIZE);
  }

  /**
   * Wraps {@code delegate} with the given default buffer size.
   *
   * @param delegate the pool that runs the tasks; shut down by this executor's shutdown methods
   * @param defaultBufferSize the buffer size of maps that do not name one: at least 1, or {@link
   *     #UNBOUNDED}
   * @throws NullPointerException if {@code delegate} is null
   * @throws IllegalArgumentException if {@code defaultBufferSize} is less than 1, or {@code
   *     delegate} discards tasks silently
   */
  public StreamTaskExecutor(ExecutorService delegate, int defaultBufferSize) {
    this(delegate, defaultBufferSize, "default");
  }

  /**
   * Wraps {@code delegate} with the given default buffer size and a name, which appears in feeder
   * thread names and in {@link #toString()}.
   *
   * @param delegate the pool that runs the tasks; shut down by this executor's shutdown methods
   * @param defaultBufferSize the buffer size of maps that do not name one: at least 1, or {@link
   *     #UNBOUNDED}
   * @param name a short name, such as the bean or configuration name; not blank
   * @throws NullPointerException if {@code delegate} or {@code name} is null
   * @throws IllegalArgumentException if {@code defaultBufferSize} is less than 1, {@code name} is
   *     blank, or {@code delegate} discards tasks silently
   */
  public StreamTaskExecutor(ExecutorService delegate, int defaultBufferSize, String name) {
    this(delegate, defaultBufferSize, name, ContextPropagator.NONE, SharedThreads.feeders());
  }

  private StreamTaskExecutor(
      ExecutorService delegate,
      int defaultBufferSize,
      String name,
      ContextPropagator contextPropagator,
      Executor feederExecutor) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.contextPropagator = Objects.requireNonNull(contextPropagator, "contextPropagator");
    this.dispatch = Dispatch.to(delegate);
    this.feederExecutor = Objects.requireNonNull(feederExecutor, "feederExecutor");
    this.defaultBufferSize = checkBufferSize(defaultBufferSize, "defaultBufferSize");
    this.name = Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    if (delegate instanceof ThreadPoolExecutor pool
        && (pool.getRejectedExecutionHandler() instanceof ThreadPoolExecutor.DiscardPolicy
            || pool.getRejectedExecutionHandler()
                instanceof ThreadPoolExecutor.DiscardOldestPolicy)) {
      throw new IllegalArgumentException(
          "delegate discards rejected tasks silently ("
              + pool.getRejectedExecutionHandler().getClass().getSimpleName()
              + "); use AbortPolicy (the default) so that no result is lost");
    }
  }

  /**
   * Starts building an executor over {@code delegate}; unset settings take the defaults of {@link
   * #StreamTaskExecutor(ExecutorService)}.
   *
   * <pre>{@code
   * StreamTaskExecutor io = StreamTaskExecutor.builder(Executors.newFixedThreadPool(32))
   *     .name("io")
   *     .defaultBufferSize(64)
   *     .contextPropagator(mdcPropagator)
   *     .build();
   * }</pre>
   *
   * @param delegate the pool that runs the tasks; shut down by the executor's shutdown methods
   * @throws NullPointerException if {@code delegate} is null
   */
  public static Builder builder(ExecutorService delegate) {
    return new Builder(Objects.requireNonNull(delegate, "delegate"));
  }

  /**
   * Settings of a {@link StreamTaskExecutor}; each setter returns this builder. Not thread-safe.
   */
  public static final class Builder {
    private final ExecutorService delegate;
    private String name = "default";
    private int defaultBufferSize = DEFAULT_BUFFER_SIZE;
    private ContextPropagator contextPropagator = ContextPropagator.NONE;
    private Executor feederExecutor = SharedThreads.feeders();

    private Builder(ExecutorService delegate) {
      this.delegate = delegate;
    }

    /**
     * The name in the thread name of a running feeder and in {@link #toString()}; not blank.
     * Default "default".
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * The buffer size of maps that do not name one: at least 1, or {@link #UNBOUNDED}. Default
     * {@value #DEFAULT_BUFFER_SIZE}.
     */
    public Builder defaultBufferSize(int defaultBufferSize) {
      this.defaultBufferSize = defaultBufferSize;
      return this;
    }

    /**
     * What each map carries from its caller's thread to its feeder and tasks; see {@link
     * ContextPropagator}. Default {@link ContextPropagator#NONE}.
     */
    public Builder contextPropagator(ContextPropagator contextPropagator) {
      this.contextPropagator = Objects.requireNonNull(contextPropagator, "contextPropagator");
      return this;
    }

    /**
     * Where the maps' feeders run: each feeder is a task that runs while its map has buffer space
     * and input and returns its thread when the buffer is full, so a few threads serve many maps;
     * one blocked in its source's {@code hasNext()} or {@code next()} holds a thread while it
     * blocks. The executor must run each task on a thread of its own, never inline on the calling
     * thread (a consumer's take resumes the feeder; {@code map()} must not block), and should not
     * bound its threads below the number of sources that may block at once. On Java 21+ {@code
     * Executors.newVirtualThreadPerTaskExecutor()} fits. Not shut down by this executor. Default:
     * one executor per JVM of daemon threads named {@code stream-executors-feeder-<n>}, created on
     * demand and ended after 10 seconds idle.
     */
    public Builder feederExecutor(Executor feederExecutor) {
      this.feederExecutor = Objects.requireNonNull(feederExecutor, "feederExecutor");
      return this;
    }

    /**
     * Builds the executor.
     *
     * @throws NullPointerException if the name is null
     * @throws IllegalArgumentException if the default buffer size is less than 1, the name is
     *     blank, or the pool discards tasks silently
     */
    public StreamTaskExecutor build() {
      return new StreamTaskExecutor(
          delegate, defaultBufferSize, name, contextPropagator, feederExecutor);
    }
  }

  // ---- map ----

  /**
   * Maps {@code fn} over {@code inputs} with the executor's default buffer size; see {@link
   * #map(Function, Iterable, int)}.
   */
  public <T, R> Stream<R> map(Function<? super T, ? extends R> fn, Iterable<? extends T> inputs) {
    return map(fn, inputs, defaultBufferSize);
  }

  /**
   * Maps {@code fn} over {@code inputs} on the pool and returns the results lazily, in input order.
   * Returns at once: {@code inputs.iterator()} is called by the feeder. The source is closed with
   * the stream if it is {@link AutoCloseable}, and so is its iterator.
   *
   * @param fn the function each input is mapped with, on a pool thread; may return null
   * @param inputs the source, read by the feeder
   * @param bufferSize at most how many inputs are pulled ahead of the consumer: at least 1, or
   *     {@link #UNBOUNDED}
   * @return a sequential, ordered stream of the results; close it (try-with-resources) to stop
   *     early
   * @throws NullPointerException if {@code fn} or {@code inputs} is null
   * @throws IllegalArgumentException if {@code bufferSize} is less than 1
   * @throws RejectedExecutionException if this executor or its pool has been shut down
   */
  public <T, R> Stream<R> map(
      Function<? super T, ? extends R> fn, Iterable<? extends T> inputs, int bufferSize) {
    Objects.requireNonNull(inputs, "inputs");
    return start(fn, inputs::iterator, closeable(inputs), bufferSize);
  }

  /**
   * Maps {@code fn} over the rest of {@code inputs}; see {@link #map(Function, Iterable, int)}. The
   * iterator is read only by the feeder from now on, and closed with the stream if it is {@link
   * AutoCloseable}.
   */
  public <T, R> Stream<R> map(
      Function<? super T, ? extends R> fn, Iterator<? extends T> inputs, int bufferSize) {
    Objects.requireNonNull(inputs, "inputs");
    return start(fn, () -> inputs, closeable(inputs), bufferSize);
  }

  /**
   * Maps {@code fn} over {@code inputs} with the executor's default buffer size; see {@link
   * #map(Function, Stream, int)}.
   */
  public <T, R> Stream<R> map(Function<? super T, ? extends R> fn, Stream<? extends T> inputs) {
    return map(fn, inputs, defaultBufferSize);
  }

  /**
   * Maps {@code fn} over {@code inputs}; see {@link #map(Function, Iterable, int)}. The input
   * stream's terminal operation ({@link Stream#iterator()}) runs in the feeder; closing the
   * returned stream closes {@code inputs}, so maps chain into pipelines that close as one.
   */
  public <T, R> Stream<R> map(
      Function<? super T, ? extends R> fn, Stream<? extends T> inputs, int bufferSize) {
    Objects.requireNonNull(inputs, "inputs");
    return start(fn, inputs::iterator, inputs::close, bufferSize);
  }

  /**
   * Maps {@code fn} over {@code inputs} with the given options (buffer size, chunking); otherwise
   * as {@link #map(Function, Iterable, int)}.
   */
  public <T, R> Stream<R> map(
      Function<? super T, ? extends R> fn, Iterable<? extends T> inputs, MapOptions options) {
    Objects.requireNonNull(inputs, "inputs");
    return start(fn, inputs::iterator, closeable(inputs), options);
  }

  /**
   * Maps {@code fn} over the rest of {@code inputs} with the given options; otherwise as {@link
   * #map(Function, Iterator, int)}.
   */
  public <T, R> Stream<R> map(
      Function<? super T, ? extends R> fn, Iterator<? extends T> inputs, MapOptions options) {
    Objects.requireNonNull(inputs, "inputs");
    return start(fn, () -> inputs, closeable(inputs), options);
  }

  /**
   * Maps {@code fn} over {@code inputs} with the given options; otherwise as {@link #map(Function,
   * Stream, int)}.
   */
  public <T, R> Stream<R> map(
      Function<? super T, ? extends R> fn, Stream<? extends T> inputs, MapOptions options) {
    Objects.requireNonNull(inputs, "inputs");
    return start(fn, inputs::iterator, inputs::close, options);
  }

  private <T, R> Stream<R> start(
      Function<? super T, ? extends R> fn,
      Supplier<? extends Iterator<? extends T>> opener,
      AutoCloseable closer,
      int bufferSize) {
    checkBufferSize(bufferSize, "bufferSize");
    return start(fn, opener, closer, MapOptions.defaults().withBufferSize(bufferSize));
  }

  private <T, R> Stream<R> start(
      Function<? super T, ? extends R> fn,
      Supplier<? extends Iterator<? extends T>> opener,
      AutoCloseable closer,
      MapOptions options) {
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(options, "options");
    rejectIfShutdown();
    int bufferSize = options.bufferSize() == 0 ? defaultBufferSize : options.bufferSize();
    ContextPropagator.Snapshot context = captureContext();
    RunningMap<T, R> map =
        new RunningMap<>(
            this, fn, opener, closer, bufferSize, options, mapIds.incrementAndGet(), context);
    OrderedResults<T, R> results = new OrderedResults<>(map);
    openMaps.add(map);
    if (shutdown) {
      map.stopFeeding(shutDown(), false);
    }
    try {
      map.start();
    } catch (RuntimeException | Error e) {
      results.close();
      throw e;
    }
    return StreamSupport.stream(results, false).onClose(results::close);
  }

  /** The caller's context for one map; null when nothing is propagated, so tasks skip it. */
  private ContextPropagator.Snapshot captureContext() {
    if (contextPropagator == ContextPropagator.NONE) {
      return null;
    }
    return Objects.requireNonNull(
        contextPropagator.capture(), "the context propagator returned a null snapshot");
  }

  static int checkBufferSize(int bufferSize, String what) {
    if (bufferSize < 1) {
      throw new IllegalArgumentException(
          what + " must be at least 1, or StreamTaskExecutor.UNBOUNDED, was " + bufferSize);
    }
    return bufferSize;
  }

  private static AutoCloseable closeable(Object source) {
    return source instanceof AutoCloseable closeable ? closeable : null;
  }

  private void rejectIfShutdown() {
    if (shutdown || delegate.isShutdown()) {
      throw shutDown();
    }
  }

  private RejectedExecutionException shutDown() {
    return new RejectedExecutionException("stream executor '" + name + "' has been shut down");
  }

  void deregister(RunningMap<?, ?> map) {
    openMaps.remove(map);
  }

  ExecutorService delegate() {
    return delegate;
  }

  Dispatch dispatch() {
    return dispatch;
  }

  Executor feederExecutor() {
    return feederExecutor;
  }

  /** The open maps themselves, for tests. */
  Set<RunningMap<?, ?>> runningMaps() {
    return openMaps;
  }

  // ---- figures ----

  /** This executor's name, as given to the constructor ({@code "default"} if none was). */
  public String name() {
    return name;
  }

  /** The buffer size of maps that do not name one. */
  public int defaultBufferSize() {
    return defaultBufferSize;
  }

  /**
   * Inputs pulled from their sources whose results the consumers have not taken yet, summed over
   * the open maps. Lock-free; a moment's snapshot.
   */
  public long queueDepth() {
    long depth = 0;
    for (RunningMap<?, ?> map : openMaps) {
      depth += map.queueDepth();
    }
    return depth;
  }

  /**
   * Inputs pulled whose tasks have not finished, summed over the open maps: tasks submitted to the
   * pool and not finished, plus, with chunking, inputs of a group not yet submitted. Lock-free; a
   * moment's snapshot. A task still running when its map closes is no longer counted.
   */
  public long inFlight() {
    long inFlight = 0;
    for (RunningMap<?, ?> map : openMaps) {
      inFlight += map.inFlight();
    }
    return inFlight;
  }

  /** Maps started and not yet ended: neither closed, nor read to their end or failure. */
  public int activeMaps() {
    return openMaps.size();
  }

  /** A snapshot of each open map, oldest first. */
  public List<MapStatistics> openMaps() {
    List<MapStatistics> maps = new ArrayList<>();
    for (RunningMap<?, ?> map : openMaps) {
      maps.add(map.statistics());
    }
    maps.sort((a, b) -> Long.compare(a.id(), b.id()));
    return maps;
  }

  /**
   * Adds a listener for the time consumers wait for results and feeders wait for buffer space. With
   * no listener, no clock is read.
   *
   * @param listener called on the waiting thread after each wait; must be fast
   */
  public void addWaitListener(WaitListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  WaitListener waitListener() {
    return listeners.combined();
  }

  // ---- ExecutorService: delegated ----

  /**
   * Shuts the wrapped pool down and stops every map's feeding, without waiting: tasks already
   * submitted still run and their results are delivered, then each consumer gets a {@link
   * RejectedExecutionException}. New maps are rejected.
   */
  @Override
  public void shutdown() {
    shutdown = true;
    delegate.shutdown();
    stopAllFeeding(false);
  }

  /**
   * Shuts the wrapped pool down now and stops every map's feeding, without waiting. Map tasks the
   * pool had not started fail with {@link RejectedExecutionException}, which their consumers get
   * after the results computed before them; they are not in the returned list (unless the pool
   * hands them back wrapped, as {@code ScheduledThreadPoolExecutor} does). Running tasks are
   * interrupted by the pool, as {@link ExecutorService#shutdownNow()} does: a function that answers
   * the interrupt with an exception delivers that exception at its position.
   *
   * @return the tasks submitted directly to this executor that never started
   */
  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> neverStarted = delegate.shutdownNow();
    stopAllFeeding(true);
    List<Runnable> callers = new ArrayList<>(neverStarted.size());
    for (Runnable task : neverStarted) {
      if (task instanceof PendingResult<?, ?> mapTask) {
        mapTask.reject(shutDown());
      } else {
        callers.add(task);
      }
    }
    return callers;
  }

  private void stopAllFeeding(boolean unstartedDropped) {
    for (RunningMap<?, ?> map : openMaps) {
      map.stopFeeding(shutDown(), unstartedDropped);
    }
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }

  @Override
  public void execute(Runnable command) {
    delegate.execute(command);
  }

  @Override
  public <V> Future<V> submit(Callable<V> task) {
    return delegate.submit(task);
  }

  @Override
  public <V> Future<V> submit(Runnable task, V result) {
    return delegate.submit(task, result);
  }

  @Override
  public Future<?> submit(Runnable task) {
    return delegate.submit(task);
  }

  @Override
  public <V> List<Future<V>> invokeAll(Collection<? extends Callable<V>> tasks)
      throws InterruptedException {
    return delegate.invokeAll(tasks);
  }

  @Override
  public <V> List<Future<V>> invokeAll(
      Collection<? extends Callable<V>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    return delegate.invokeAll(tasks, timeout, unit);
  }

  @Override
  public <V> V invokeAny(Collection<? extends Callable<V>> tasks)
      throws InterruptedException, ExecutionException {
    return delegate.invokeAny(tasks);
  }

  @Override
  public <V> V invokeAny(Collection<? extends Callable<V>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return delegate.invokeAny(tasks, timeout, unit);
  }

  @Override
  public String toString() {
    return "StreamTaskExecutor[name="
        + name
        + ", defaultBufferSize="
        + defaultBufferSize
        + ", activeMaps="
        + activeMaps()
        + ", delegate="
        + delegate
        + "]";
  }
}
