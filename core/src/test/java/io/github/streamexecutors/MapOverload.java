package io.github.streamexecutors;

import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The five {@code map} overloads, so that a property can be checked over each. The overloads
 * without a buffer size use the executor's default, which must then equal the wanted size.
 */
enum MapOverload {
  ITERABLE(false),
  ITERABLE_WITH_BUFFER_SIZE(true),
  ITERATOR_WITH_BUFFER_SIZE(true),
  STREAM(false),
  STREAM_WITH_BUFFER_SIZE(true);

  private final boolean namesBufferSize;

  MapOverload(boolean namesBufferSize) {
    this.namesBufferSize = namesBufferSize;
  }

  /** Whether the overload opens its source (an iterator is open already when it is passed). */
  boolean opensSource() {
    return this != ITERATOR_WITH_BUFFER_SIZE;
  }

  boolean namesBufferSize() {
    return namesBufferSize;
  }

  <R> Stream<R> map(
      StreamTaskExecutor executor,
      Function<? super Integer, ? extends R> fn,
      TestSource source,
      int bufferSize) {
    if (!namesBufferSize && executor.defaultBufferSize() != bufferSize) {
      throw new IllegalArgumentException(
          this + " takes the executor's default buffer size, which is not " + bufferSize);
    }
    return switch (this) {
      case ITERABLE -> executor.map(fn, source.asIterable());
      case ITERABLE_WITH_BUFFER_SIZE -> executor.map(fn, source.asIterable(), bufferSize);
      case ITERATOR_WITH_BUFFER_SIZE -> executor.map(fn, source.asIterator(), bufferSize);
      case STREAM -> executor.map(fn, source.asStream());
      case STREAM_WITH_BUFFER_SIZE -> executor.map(fn, source.asStream(), bufferSize);
    };
  }
}
