package io.github.streamexecutors;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An instrumented source of 0, 1, 2, ...: it counts pulls and closes, records the threads that open
 * and read it, and on request blocks, fails, or checks the buffer bound at every pull.
 *
 * <p>Opening is {@code Iterable.iterator()} or the start of the {@code Stream}'s terminal
 * operation; an {@code Iterator} source is opened by the test itself. Failures are recorded, not
 * thrown, where the throwing thread would be the feeder.
 */
final class TestSource {

  /** Where a source can block. */
  enum Point {
    OPEN,
    HAS_NEXT,
    NEXT
  }

  private final long size;
  private final AtomicLong pulls = new AtomicLong();
  private final AtomicInteger closes = new AtomicInteger();
  private final AtomicBoolean boundViolated = new AtomicBoolean();
  private volatile Thread openedOn;
  private volatile Thread readOn;
  private final Set<String> readerNames = ConcurrentHashMap.newKeySet();
  private volatile boolean readOnNonDaemon;
  private volatile Thread blockedOn;
  private volatile Point blockAt;
  private volatile CountDownLatch gate;
  private volatile long failAt = -1;
  private volatile Throwable failure;
  private volatile Throwable openFailure;
  private volatile RuntimeException closeFailure;
  private volatile LongSupplier requested;
  private volatile long bound;

  private TestSource(long size) {
    this.size = size;
  }

  static TestSource infinite() {
    return new TestSource(Long.MAX_VALUE);
  }

  static TestSource of(long size) {
    return new TestSource(size);
  }

  /** Blocks at {@code point} until {@code gate} opens (an interrupt also frees it). */
  TestSource blockAt(Point point, CountDownLatch gate) {
    this.gate = gate;
    this.blockAt = point;
    return this;
  }

  /** Throws {@code failure} (sneakily, if checked) from the pull after {@code pulled} inputs. */
  TestSource failAfter(long pulled, Throwable failure) {
    this.failure = failure;
    this.failAt = pulled;
    return this;
  }

  TestSource failOnOpen(Throwable failure) {
    this.openFailure = failure;
    return this;
  }

  TestSource failOnClose(RuntimeException failure) {
    this.closeFailure = failure;
    return this;
  }

  /**
   * At each pull, records a violation if pulls - requested > bound, where {@code requested} counts
   * the results the consumer has asked for (including one it is waiting for).
   */
  TestSource checkBound(LongSupplier requested, long bound) {
    this.bound = bound;
    this.requested = requested;
    return this;
  }

  long pulls() {
    return pulls.get();
  }

  int closes() {
    return closes.get();
  }

  boolean boundViolated() {
    return boundViolated.get();
  }

  Thread openedOn() {
    return openedOn;
  }

  Thread readOn() {
    return readOn;
  }

  /** The names the threads that opened or read this source had at the time. */
  Set<String> readerNames() {
    return readerNames;
  }

  /** Whether a thread that opened or read this source was not a daemon. */
  boolean readOnNonDaemon() {
    return readOnNonDaemon;
  }

  private void recordReader() {
    Thread reader = Thread.currentThread();
    readOn = reader;
    readerNames.add(reader.getName());
    if (!reader.isDaemon()) {
      readOnNonDaemon = true;
    }
  }

  /** The thread blocked at the block point, once one has reached it. */
  Thread blockedOn() {
    return blockedOn;
  }

  Iterable<Integer> asIterable() {
    return new CloseableIterable();
  }

  Iterator<Integer> asIterator() {
    return new CloseableIterator();
  }

  Stream<Integer> asStream() {
    return StreamSupport.stream(
            () -> Spliterators.spliteratorUnknownSize(open(), Spliterator.ORDERED),
            Spliterator.ORDERED,
            false)
        .onClose(this::close);
  }

  private Iterator<Integer> open() {
    openedOn = Thread.currentThread();
    recordReader();
    block(Point.OPEN);
    Throwable toThrow = openFailure;
    if (toThrow != null) {
      throw TestSource.<RuntimeException>sneaky(toThrow);
    }
    return new Values();
  }

  private void close() {
    closes.incrementAndGet();
    RuntimeException toThrow = closeFailure;
    if (toThrow != null) {
      throw toThrow;
    }
  }

  private void block(Point point) {
    CountDownLatch toAwait = gate;
    if (blockAt != point || toAwait == null) {
      return;
    }
    blockedOn = Thread.currentThread();
    try {
      toAwait.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("source interrupted while blocked", e);
    }
  }

  @SuppressWarnings("unchecked")
  static <E extends Throwable> E sneaky(Throwable failure) throws E {
    throw (E) failure;
  }

  private class Values implements Iterator<Integer> {
    @Override
    public boolean hasNext() {
      recordReader();
      block(Point.HAS_NEXT);
      return pulls.get() < size || pulls.get() == failAt;
    }

    @Override
    public Integer next() {
      recordReader();
      block(Point.NEXT);
      long index = pulls.get();
      if (index == failAt) {
        throw TestSource.<RuntimeException>sneaky(failure);
      }
      if (index >= size) {
        throw new NoSuchElementException();
      }
      LongSupplier asked = requested;
      if (asked != null && index + 1 - asked.getAsLong() > bound) {
        boundViolated.set(true);
      }
      pulls.set(index + 1);
      return Math.toIntExact(index);
    }
  }

  private final class CloseableIterator extends Values implements AutoCloseable {
    @Override
    public void close() {
      TestSource.this.close();
    }
  }

  private final class CloseableIterable implements Iterable<Integer>, AutoCloseable {
    @Override
    public Iterator<Integer> iterator() {
      return open();
    }

    @Override
    public void close() {
      TestSource.this.close();
    }
  }
}
