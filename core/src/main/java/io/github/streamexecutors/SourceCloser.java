package io.github.streamexecutors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Iterator;

/**
 * Closes a map's source: the closeable the caller handed to {@code map()} (a {@code Stream}, an
 * {@code AutoCloseable} iterable or iterator), and the iterator the feeder opened from an iterable
 * if that one is closeable too. Each is closed at most once, whichever thread gets there first: the
 * stop, or the feeder that opened the iterator after the stop. The first failure is thrown,
 * unchecked, to the thread that closed; a second one is added to it as suppressed.
 */
final class SourceCloser {

  private static final VarHandle ITERATOR_CLOSED;

  static {
    try {
      ITERATOR_CLOSED =
          MethodHandles.lookup().findVarHandle(SourceCloser.class, "iteratorClosed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final AutoCloseable source;
  private final long mapId;
  private volatile Iterator<?> opened;
  private volatile boolean iteratorClosed;

  SourceCloser(AutoCloseable source, long mapId) {
    this.source = source;
    this.mapId = mapId;
  }

  /** The feeder opened {@code iterator}; published before the feeder checks for a stop. */
  void opened(Iterator<?> iterator) {
    opened = iterator;
  }

  /** The stop's close: the source, then the opened iterator. Called once per map. */
  void close() {
    Throwable failure = null;
    try {
      if (source != null) {
        OrderedResults.closeAsSource(source);
      }
    } catch (Throwable e) {
      failure = e;
    }
    try {
      closeOpenedIterator();
    } catch (Throwable e) {
      if (failure == null) {
        failure = e;
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw unchecked(failure);
    }
  }

  /** Closes the opened iterator if it is closeable, is not the source itself, and is not closed. */
  void closeOpenedIterator() {
    Iterator<?> it = opened;
    if (it != source && it instanceof AutoCloseable closeable && casIteratorClosed()) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw unchecked(e);
      }
    }
  }

  private boolean casIteratorClosed() {
    return ITERATOR_CLOSED.compareAndSet(this, false, true);
  }

  private RuntimeException unchecked(Throwable failure) {
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure instanceof RuntimeException runtime) {
      return runtime;
    }
    if (failure instanceof IOException io) {
      return new UncheckedIOException("closing the source of map " + mapId + " failed", io);
    }
    return new IllegalStateException("closing the source of map " + mapId + " failed", failure);
  }
}
