package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Closing a map's source: each closeable once, failures unchecked and naming the map. */
class SourceCloserTest {

  private static final long MAP_ID = 42;

  /** A closeable that counts its closes and may fail each time. */
  private static class Closeable implements AutoCloseable {
    final Exception failure;
    int closes;

    Closeable(Exception failure) {
      this.failure = failure;
    }

    @Override
    public void close() throws Exception {
      closes++;
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** An iterator that is closeable too, as a source iterable may open. */
  private static final class CloseableIterator extends Closeable implements Iterator<Integer> {
    CloseableIterator(Exception failure) {
      super(failure);
    }

    @Override
    public boolean hasNext() {
      return false;
    }

    @Override
    public Integer next() {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void closeClosesTheSourceAndTheIteratorItOpenedOnceEach() {
    Closeable source = new Closeable(null);
    CloseableIterator iterator = new CloseableIterator(null);
    SourceCloser closer = new SourceCloser(source, MAP_ID);
    closer.opened(iterator);

    closer.close();
    closer.closeOpenedIterator();

    assertThat(source.closes).isEqualTo(1);
    assertThat(iterator.closes).isEqualTo(1);
  }

  @Test
  void theFeederClosingTheIteratorFirstLeavesTheStopOnlyTheSource() {
    Closeable source = new Closeable(null);
    CloseableIterator iterator = new CloseableIterator(null);
    SourceCloser closer = new SourceCloser(source, MAP_ID);
    closer.opened(iterator);

    closer.closeOpenedIterator();
    closer.close();

    assertThat(source.closes).isEqualTo(1);
    assertThat(iterator.closes).isEqualTo(1);
  }

  @Test
  void anIteratorThatIsTheSourceItselfIsClosedOnce() {
    CloseableIterator source = new CloseableIterator(null);
    SourceCloser closer = new SourceCloser(source, MAP_ID);
    closer.opened(source);

    closer.close();
    closer.closeOpenedIterator();

    assertThat(source.closes).isEqualTo(1);
  }

  @Test
  void withoutACloseableSourceTheOpenedIteratorIsStillClosed() {
    CloseableIterator iterator = new CloseableIterator(null);
    SourceCloser closer = new SourceCloser(null, MAP_ID);
    closer.opened(iterator);

    closer.close();

    assertThat(iterator.closes).isEqualTo(1);
  }

  @Test
  void nothingOpenedAndNothingCloseableIsFine() {
    SourceCloser closer = new SourceCloser(null, MAP_ID);
    closer.close();
    closer.opened(List.of(1).iterator());
    closer.close();
    closer.closeOpenedIterator();
  }

  @Test
  void anIoFailureIsThrownUncheckedNamingTheMap() {
    IOException failure = new IOException("disk");
    SourceCloser closer = new SourceCloser(new Closeable(failure), MAP_ID);

    assertThatThrownBy(closer::close)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("closing the source of map 42 failed")
        .hasCause(failure);
  }

  @Test
  void aCheckedFailureIsThrownAsIllegalStateNamingTheMap() {
    Exception failure = new Exception("checked");
    SourceCloser closer = new SourceCloser(new Closeable(failure), MAP_ID);

    assertThatThrownBy(closer::close)
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("closing the source of map 42 failed")
        .hasCause(failure);
  }

  @Test
  void anUncheckedFailureIsThrownAsItIs() {
    RuntimeException failure = new IllegalArgumentException("unchecked");
    SourceCloser closer = new SourceCloser(new Closeable(failure), MAP_ID);

    assertThatThrownBy(closer::close).isSameAs(failure);
  }

  @Test
  void anErrorIsThrownAsItIsAfterTheIteratorIsClosed() {
    AssertionError failure = new AssertionError("error");
    AutoCloseable source =
        () -> {
          throw failure;
        };
    CloseableIterator iterator = new CloseableIterator(null);
    SourceCloser closer = new SourceCloser(source, MAP_ID);
    closer.opened(iterator);

    assertThatThrownBy(closer::close).isSameAs(failure);
    assertThat(iterator.closes).isEqualTo(1);
  }

  @Test
  void theSourcesFailureIsThrownWithTheIteratorsSuppressed() {
    RuntimeException first = new IllegalStateException("source");
    RuntimeException second = new IllegalStateException("iterator");
    Closeable source = new Closeable(first);
    CloseableIterator iterator = new CloseableIterator(second);
    SourceCloser closer = new SourceCloser(source, MAP_ID);
    closer.opened(iterator);

    assertThatThrownBy(closer::close).isSameAs(first).hasSuppressedException(second);
    assertThat(source.closes).isEqualTo(1);
    assertThat(iterator.closes).isEqualTo(1);
  }

  @Test
  void theIteratorsFailureAloneIsThrownNamingTheMap() {
    IOException failure = new IOException("iterator");
    CloseableIterator iterator = new CloseableIterator(failure);
    SourceCloser closer = new SourceCloser(new Closeable(null), MAP_ID);
    closer.opened(iterator);

    assertThatThrownBy(closer::close)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("closing the source of map 42 failed")
        .hasCause(failure);
  }

  @Test
  void theFeederClosingTheIteratorGetsItsFailureUnchecked() {
    Exception failure = new Exception("iterator");
    SourceCloser closer = new SourceCloser(null, MAP_ID);
    closer.opened(new CloseableIterator(failure));

    assertThatThrownBy(closer::closeOpenedIterator)
        .isInstanceOf(IllegalStateException.class)
        .hasCause(failure);
    closer.closeOpenedIterator(); // closed once: the second call does nothing
  }
}
