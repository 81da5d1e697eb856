package io.github.streamexecutors;

/**
 * Thrown to a consumer whose thread was interrupted while it waited for the next result of a map.
 *
 * <p>The thread's interrupt status is kept. The map stays as it was: no result is lost, the
 * position the consumer waited for is still the next one, and the stream can still be closed (or,
 * once the interrupt status is cleared, read further).
 */
public final class StreamInterruptedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  StreamInterruptedException() {
    super(
        "interrupted while waiting for the next result of a map; the interrupt status is kept",
        new InterruptedException());
  }
}
