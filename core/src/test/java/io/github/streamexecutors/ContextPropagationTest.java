package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The context of the thread that calls {@code map}, captured once there, is what the map's source
 * reads and tasks see; each thread's own context is back once the map's work is done.
 */
class ContextPropagationTest {

  private static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();

  private final TestExecutors executors = new TestExecutors();
  private final Queue<Thread> capturedOn = new ConcurrentLinkedQueue<>();
  private final Queue<String> seenAfterTasks = new ConcurrentLinkedQueue<>();

  /** Carries CONTEXT, as an MDC or a trace propagator would. */
  private final ContextPropagator threadLocal =
      () -> {
        capturedOn.add(Thread.currentThread());
        String captured = CONTEXT.get();
        return work -> {
          String own = CONTEXT.get();
          CONTEXT.set(captured);
          try {
            work.run();
          } finally {
            CONTEXT.set(own);
          }
        };
      };

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  static Stream<Arguments> modes() {
    return Stream.of(
        Arguments.of("one input per task", MapOptions.defaults().withBufferSize(8)),
        Arguments.of("chunks of 4", MapOptions.defaults().withBufferSize(8).withChunkSize(4)),
        Arguments.of("adaptive chunking", MapOptions.defaults().withAdaptiveChunking()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void mapsOfCallersWithDifferentContextsEachSeeTheirOwnWhenReadInterleaved(
      String mode, MapOptions options) throws Exception {
    StreamTaskExecutor executor = executorOver(workersWithOwnContext(2));
    List<String> readsA = new ArrayList<>();
    List<String> readsB = new ArrayList<>();
    Stream<String> a = startedOnThreadWithContext("A", () -> mapTagged(executor, readsA, options));
    Stream<String> b = startedOnThreadWithContext("B", () -> mapTagged(executor, readsB, options));

    List<String> fromA = new ArrayList<>();
    List<String> fromB = new ArrayList<>();
    try (a;
        b) {
      Iterator<String> itA = a.iterator();
      Iterator<String> itB = b.iterator();
      while (itA.hasNext() | itB.hasNext()) {
        fromA.add(itA.hasNext() ? itA.next() : null);
        fromB.add(itB.hasNext() ? itB.next() : null);
      }
    }

    assertThat(fromA).isEqualTo(tagged("A", 100));
    assertThat(fromB).isEqualTo(tagged("B", 100));
    assertThat(readsA).isNotEmpty().containsOnly("A");
    assertThat(readsB).isNotEmpty().containsOnly("B");
    assertThat(CONTEXT.get()).isNull();
  }

  @Test
  void eachStageOfAPipelineSeesTheContextOfItsOwnMapCaller() {
    StreamTaskExecutor executor = executorOver(workersWithOwnContext(3));
    Queue<String> sourceReads = new ConcurrentLinkedQueue<>();
    Queue<String> downloads = new ConcurrentLinkedQueue<>();
    Queue<String> counts = new ConcurrentLinkedQueue<>();
    Queue<String> uploads = new ConcurrentLinkedQueue<>();
    Iterable<Integer> urls =
        () -> IntStream.range(0, 50).peek(x -> sourceReads.add(current())).iterator();

    CONTEXT.set("download");
    Stream<Integer> downloaded = executor.map(x -> record(downloads, x), urls, 2);
    CONTEXT.set("count");
    Stream<Integer> counted = executor.map(x -> record(counts, x), downloaded, 2);
    CONTEXT.set("upload");
    Stream<Integer> uploaded = executor.map(x -> record(uploads, x), counted, 2);
    CONTEXT.remove();

    try (uploaded) {
      assertThat(uploaded.toList()).isEqualTo(IntStream.range(0, 50).boxed().toList());
    }
    assertThat(sourceReads).isNotEmpty().containsOnly("download");
    assertThat(downloads).hasSize(50).containsOnly("download");
    assertThat(counts).hasSize(50).containsOnly("count");
    assertThat(uploads).hasSize(50).containsOnly("upload");
  }

  @Test
  void workersGetTheirOwnContextBackAfterEveryTask() {
    StreamTaskExecutor executor = executorOver(workersWithOwnContext(2));
    CONTEXT.set("caller");
    try (Stream<String> results = executor.map(x -> current(), List.of(1, 2, 3, 4, 5, 6), 2)) {
      assertThat(results.toList()).containsOnly("caller");
    } finally {
      CONTEXT.remove();
    }

    // afterExecute runs after the task has published its result: the consumer may be ahead.
    TestExecutors.eventually().until(() -> seenAfterTasks.size() == 6);
    assertThat(seenAfterTasks).containsOnly("worker");
  }

  @Test
  void tasksTheFeederRunsItselfUnderCallerRunsSeeTheCallersContext() {
    ThreadPoolExecutor pool =
        executors.track(
            new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1),
                new ThreadPoolExecutor.CallerRunsPolicy()));
    StreamTaskExecutor executor = executorOver(pool);
    Queue<String> feederTasks = new ConcurrentLinkedQueue<>();
    CountDownLatch feederRanOne = new CountDownLatch(1);

    CONTEXT.set("caller");
    Stream<String> results =
        executor.map(
            x -> {
              if (Thread.currentThread().getName().startsWith("stream-executors-feeder-")) {
                feederTasks.add(current());
                feederRanOne.countDown();
              } else if (x == 0) {
                // Holds the only worker: task 1 fills the queue, task 2 runs on the feeder.
                TestExecutors.awaitUninterruptibly(feederRanOne);
              }
              return current();
            },
            IntStream.range(0, 40).boxed().toList(),
            40);
    CONTEXT.remove();

    try (results) {
      assertThat(results.toList()).hasSize(40).containsOnly("caller");
    }
    assertThat(feederTasks).isNotEmpty().containsOnly("caller");
  }

  @Test
  void contextIsCapturedOncePerMapOnTheCallersThread() {
    StreamTaskExecutor executor = executorOver(workersWithOwnContext(2));

    for (MapOptions options :
        List.of(
            MapOptions.defaults().withBufferSize(4),
            MapOptions.defaults().withBufferSize(64).withChunkSize(8))) {
      try (Stream<Integer> results =
          executor.map(x -> x, IntStream.range(0, 500).boxed().toList(), options)) {
        assertThat(results.count()).isEqualTo(500);
      }
    }

    assertThat(capturedOn).containsExactly(Thread.currentThread(), Thread.currentThread());
  }

  @Test
  void withoutAPropagatorTasksRunInTheWorkersOwnContext() {
    StreamTaskExecutor executor =
        StreamTaskExecutor.builder(executors.track(workersWithOwnContext(2))).name("plain").build();
    CONTEXT.set("caller");
    try (Stream<String> results = executor.map(x -> current(), List.of(1, 2, 3), 1)) {
      assertThat(results.toList()).containsOnly("worker");
    } finally {
      CONTEXT.remove();
    }
  }

  @Test
  void aCaptureThatFailsIsThrownByMapAndStartsNoMap() {
    IllegalStateException failure = new IllegalStateException("no context");
    StreamTaskExecutor executor =
        StreamTaskExecutor.builder(executors.pool(1))
            .contextPropagator(
                () -> {
                  throw failure;
                })
            .build();

    assertThatThrownBy(() -> executor.map(x -> x, List.of(1), 1)).isSameAs(failure);
    assertThat(executor.activeMaps()).isZero();
  }

  @Test
  void aSnapshotThatFailsOnTheFeederFailsTheMap() {
    IllegalStateException failure = new IllegalStateException("cannot restore");
    StreamTaskExecutor executor =
        StreamTaskExecutor.builder(executors.pool(1))
            .contextPropagator(
                () ->
                    work -> {
                      throw failure;
                    })
            .build();

    try (Stream<Integer> results = executor.map(x -> x, List.of(1, 2), 1)) {
      assertThatThrownBy(results::toList).isSameAs(failure);
    }
  }

  @Test
  void aSnapshotThatFailsOnAWorkerFailsTheMapAtThatTasksPosition() {
    IllegalStateException failure = new IllegalStateException("cannot apply");
    StreamTaskExecutor executor =
        StreamTaskExecutor.builder(executors.pool(1))
            .contextPropagator(
                () ->
                    work -> {
                      if (!Thread.currentThread()
                          .getName()
                          .startsWith("stream-executors-feeder-")) {
                        throw failure;
                      }
                      work.run();
                    })
            .build();

    try (Stream<Integer> results = executor.map(x -> x, List.of(1, 2), 1)) {
      assertThatThrownBy(results::toList).isSameAs(failure);
    }
  }

  @Test
  void theBuilderKeepsEachSetting() {
    StreamTaskExecutor executor =
        StreamTaskExecutor.builder(executors.pool(1)).name("io").defaultBufferSize(7).build();

    assertThat(executor.name()).isEqualTo("io");
    assertThat(executor.defaultBufferSize()).isEqualTo(7);
    assertThatThrownBy(() -> StreamTaskExecutor.builder(executors.pool(1)).name(" ").build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> StreamTaskExecutor.builder(executors.pool(1)).defaultBufferSize(0).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- fixtures ----

  private StreamTaskExecutor executorOver(ThreadPoolExecutor pool) {
    return StreamTaskExecutor.builder(executors.track(pool))
        .name("context")
        .contextPropagator(threadLocal)
        .build();
  }

  /** A pool whose threads carry "worker" as their own context, and record it after each task. */
  private ThreadPoolExecutor workersWithOwnContext(int threads) {
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(),
        task ->
            new Thread(
                () -> {
                  CONTEXT.set("worker");
                  task.run();
                })) {
      @Override
      protected void afterExecute(Runnable task, Throwable failure) {
        seenAfterTasks.add(current());
      }
    };
  }

  private static Stream<String> mapTagged(
      StreamTaskExecutor executor, List<String> sourceReads, MapOptions options) {
    Iterable<Integer> source =
        () ->
            IntStream.range(0, 100)
                .peek(
                    x -> {
                      synchronized (sourceReads) {
                        sourceReads.add(current());
                      }
                    })
                .iterator();
    return executor.map(x -> current() + x, source, options);
  }

  private static List<String> tagged(String context, int size) {
    return IntStream.range(0, size).mapToObj(x -> context + x).toList();
  }

  /** Runs {@code start} on a new thread whose context is {@code context}; returns its result. */
  private static <V> V startedOnThreadWithContext(String context, Callable<V> start)
      throws Exception {
    FutureTask<V> task =
        new FutureTask<>(
            () -> {
              CONTEXT.set(context);
              return start.call();
            });
    Thread caller = new Thread(task, "caller-" + context);
    caller.start();
    caller.join();
    return task.get();
  }

  private static Integer record(Queue<String> seen, Integer x) {
    seen.add(current());
    return x;
  }

  private static String current() {
    return String.valueOf(CONTEXT.get());
  }
}
