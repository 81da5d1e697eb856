package io.github.streamexecutors.benchmarks;

import java.util.List;
import java.util.Spliterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The results of "submit everything, then get() in order" as a stream, so that every alternative is
 * consumed the same way. Closing cancels only the futures not yet taken, as a careful caller would.
 */
final class FutureResults<R> implements Spliterator<R> {

  private final List<? extends Future<? extends R>> futures;
  private int next;

  private FutureResults(List<? extends Future<? extends R>> futures) {
    this.futures = futures;
  }

  static <R> Stream<R> of(List<? extends Future<? extends R>> futures) {
    FutureResults<R> results = new FutureResults<>(futures);
    return StreamSupport.stream(results, false).onClose(results::cancelRest);
  }

  @Override
  public boolean tryAdvance(Consumer<? super R> action) {
    if (next == futures.size()) {
      return false;
    }
    action.accept(take(futures.get(next++)));
    return true;
  }

  private static <R> R take(Future<? extends R> future) {
    if (future instanceof CompletableFuture<? extends R> completable) {
      return completable.join();
    }
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a result", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a task failed", e.getCause());
    }
  }

  private void cancelRest() {
    for (int i = next; i < futures.size(); i++) {
      futures.get(i).cancel(true);
    }
  }

  @Override
  public Spliterator<R> trySplit() {
    return null;
  }

  @Override
  public long estimateSize() {
    return futures.size() - next;
  }

  @Override
  public int characteristics() {
    return ORDERED | SIZED;
  }
}
