package io.github.streamexecutors;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Reads a map's stream through its iterator and counts, for bound checks, the results received and
 * the results asked for (one more than received while a call is waiting for the next).
 */
final class Reader<R> {

  private Iterator<R> iterator;
  private final AtomicLong requested = new AtomicLong();
  private final AtomicLong received = new AtomicLong();

  /** A reader of {@code stream}. */
  Reader(Stream<R> stream) {
    this.iterator = stream.iterator();
  }

  /** A reader whose counters exist before its stream does: call {@link #read} before reading. */
  Reader() {}

  Reader<R> read(Stream<R> stream) {
    this.iterator = stream.iterator();
    return this;
  }

  boolean hasNext() {
    requested.set(received.get() + 1);
    return iterator.hasNext();
  }

  R next() {
    requested.set(received.get() + 1);
    R result = iterator.next();
    received.incrementAndGet();
    return result;
  }

  /** Reads up to {@code count} results. */
  List<R> take(int count) {
    List<R> results = new ArrayList<>();
    while (results.size() < count && hasNext()) {
      results.add(next());
    }
    return results;
  }

  long requested() {
    return requested.get();
  }

  long received() {
    return received.get();
  }
}
