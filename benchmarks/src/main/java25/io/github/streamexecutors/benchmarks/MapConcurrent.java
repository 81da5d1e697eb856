package io.github.streamexecutors.benchmarks;

import java.util.function.Function;
import java.util.stream.Gatherers;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** {@link Alternative#MAP_CONCURRENT}: compiled only by the jdk25 profile. */
public final class MapConcurrent {

  private MapConcurrent() {}

  public static <T, R> Stream<R> map(
      Iterable<T> inputs, Function<? super T, ? extends R> fn, int concurrency) {
    return StreamSupport.stream(inputs.spliterator(), false)
        .gather(Gatherers.mapConcurrent(concurrency, fn));
  }
}
