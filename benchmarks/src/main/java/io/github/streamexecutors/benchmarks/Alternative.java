package io.github.streamexecutors.benchmarks;

import com.pivovarit.collectors.ParallelCollectors;
import io.github.streamexecutors.MapOptions;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The ways a Java developer maps a function over inputs with a pool, each returning an ordered
 * stream of the results that the benchmark consumes and closes the same way. {@link #SUBMIT_ALL} is
 * the baseline every ratio is taken against.
 */
public enum Alternative {
  /** Ours: {@code StreamTaskExecutor.map(fn, inputs, bufferSize)}, default buffer unless set. */
  STREAM_EXECUTOR {
    @Override
    <T, R> Stream<R> map(Fixture fixture, Function<? super T, ? extends R> fn, Iterable<T> inputs) {
      return fixture.executor().map(fn, inputs, fixture.bufferSize());
    }
  },
  /** Ours with a fixed chunk: up to 256 consecutive inputs per pool task. */
  STREAM_EXECUTOR_CHUNKED {
    @Override
    <T, R> Stream<R> map(Fixture fixture, Function<? super T, ? extends R> fn, Iterable<T> inputs) {
      return fixture
          .executor()
          .map(
              fn,
              inputs,
              MapOptions.defaults().withBufferSize(fixture.bufferSize()).withChunkSize(256));
    }
  },
  /** Ours with adaptive chunking: groups only while tasks and pulls are measured to be tiny. */
  STREAM_EXECUTOR_ADAPTIVE {
    @Override
    <T, R> Stream<R> map(Fixture fixture, Function<? super T, ? extends R> fn, Iterable<T> inputs) {
      return fixture
          .executor()
          .map(
              fn,
              inputs,
              MapOptions.defaults().withBufferSize(fixture.bufferSize()).withAdaptiveChunking());
    }
  },
  /** (1) Submit every input, then {@code get()} the futures in order. The baseline. */
  SUBMIT_ALL {
    @Override
    <T, R> Stream<R> map(Fixture fixture, Function<? super T, ? extends R> fn, Iterable<T> inputs) {
      List<Future<R>> futures = new ArrayList<>();
      for (T input : inputs) {
        futures.add(fixture.pool().submit(() -> fn.apply(input)));
      }
      return FutureResults.of(futures);
    }
  },
  /** (1) {@code invokeAll}: waits for every task before the first result is read. */
  INVOKE_ALL {
    @Override
    <T, R> Stream<R> map(Fixture fixture, Function<? super T, ? extends R> fn, Iterable<T> inputs) {
      List<Callable<R>> tasks = new ArrayList<>();
      for (T input : inputs) {
        tasks.add(() -> fn.apply(input));
      }
      try {
        return FutureResults.of(fixture.pool().invokeAll(tasks));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted in invokeAll", e);
      }
    }
  },
  /** (2) {@code CompletableFuture.supplyAsync(..., pool)} per input, {@code join()} in order. */
  COMPLETABLE_FUTURE {
    @Override
    <T, R> Stream<R> map(Fixture fixture, Function<? super T, ? extends R> fn, Iterable<T> inputs) {
      List<CompletableFuture<R>> futures = new ArrayList<>();
      for (T input : inputs) {
        futures.add(CompletableFuture.supplyAsync(() -> fn.apply(input), fixture.pool()));
      }
      return FutureResults.of(futures);
    }
  },
  /** (3) Reactor flatMapSequential on the same pool, concurrency = the fixture's concurrency. */
  REACTOR {
    @Override
    <T, R> Stream<R> map(Fixture fixture, Function<? super T, ? extends R> fn, Iterable<T> inputs) {
      return Flux.fromIterable(inputs)
          .flatMapSequential(
              input -> Mono.<R>fromCallable(() -> fn.apply(input)).subscribeOn(fixture.scheduler()),
              fixture.concurrency())
          .toStream();
    }
  },
  /** (4) parallel-collectors' ordered streaming, one task per input. */
  PARALLEL_COLLECTORS {
    @Override
    <T, R> Stream<R> map(Fixture fixture, Function<? super T, ? extends R> fn, Iterable<T> inputs) {
      return sequential(inputs)
          .collect(
              ParallelCollectors.parallelToOrderedStream(
                  fn::apply, fixture.pool(), fixture.concurrency()));
    }
  },
  /** (4) parallel-collectors' ordered streaming, inputs split into one batch per worker. */
  PARALLEL_COLLECTORS_BATCHING {
    @Override
    <T, R> Stream<R> map(Fixture fixture, Function<? super T, ? extends R> fn, Iterable<T> inputs) {
      return sequential(inputs)
          .collect(
              ParallelCollectors.Batching.parallelToOrderedStream(
                  fn::apply, fixture.pool(), fixture.concurrency()));
    }
  },
  /**
   * (5) {@code Gatherers.mapConcurrent(concurrency, fn)}: Java 24+, only in the jdk25 build. It
   * runs every task on its own virtual thread, so the fixture's pool is not used.
   */
  MAP_CONCURRENT {
    @Override
    @SuppressWarnings("unchecked")
    <T, R> Stream<R> map(Fixture fixture, Function<? super T, ? extends R> fn, Iterable<T> inputs) {
      try {
        return (Stream<R>) MapConcurrentHolder.MAP.invoke(inputs, fn, fixture.concurrency());
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }
  },
  /** (6) Sequential {@code stream().map(fn)} on the caller's thread: the floor for trivial work. */
  SEQUENTIAL {
    @Override
    <T, R> Stream<R> map(Fixture fixture, Function<? super T, ? extends R> fn, Iterable<T> inputs) {
      return sequential(inputs).map(fn);
    }
  };

  abstract <T, R> Stream<R> map(
      Fixture fixture, Function<? super T, ? extends R> fn, Iterable<T> inputs);

  /** Whether this alternative reads its source lazily, so that it can map an endless one. */
  boolean isLazy() {
    return this == STREAM_EXECUTOR
        || this == STREAM_EXECUTOR_CHUNKED
        || this == STREAM_EXECUTOR_ADAPTIVE
        || this == REACTOR
        || this == MAP_CONCURRENT
        || this == SEQUENTIAL;
  }

  private static <T> Stream<T> sequential(Iterable<T> inputs) {
    return StreamSupport.stream(inputs.spliterator(), false);
  }

  /** Looked up on first use, so that the Java 17 build runs every other alternative. */
  private static final class MapConcurrentHolder {
    static final MethodHandle MAP = find();

    private static MethodHandle find() {
      try {
        Class<?> type = Class.forName("io.github.streamexecutors.benchmarks.MapConcurrent");
        return MethodHandles.publicLookup()
            .findStatic(
                type,
                "map",
                MethodType.methodType(Stream.class, Iterable.class, Function.class, int.class));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(
            "MAP_CONCURRENT needs Java 24+ and the jdk25 build (benchmarks-jdk25.jar)", e);
      }
    }
  }
}
