package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A two-stage pipeline whose first stage's source fails to close: however the pipeline ends, that
 * failure surfaces once, either added to the failure the consumer gets or thrown by the last
 * stage's {@code close()}.
 */
class PipelineCloseFailureTest {

  private final TestExecutors executors = new TestExecutors();
  private final RuntimeException closeFailure = new IllegalStateException("cannot close");

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  /** How the pipeline ends. */
  enum Ending {
    /** The executor shuts down while the second stage's feeder waits for the first stage. */
    SHUTDOWN,
    /** The first stage's pool rejects a task; the consumer closes without reading the failure. */
    REJECTION,
    /** Another thread closes the pipeline while the first stage is closing its source. */
    CLOSE_FROM_ANOTHER_THREAD,
    /** The first stage's function fails; the consumer closes without reading the failure. */
    FIRST_STAGE_FAILURE
  }

  @ParameterizedTest
  @EnumSource(Ending.class)
  void theFirstStagesCloseFailureSurfacesOnce(Ending ending) throws Exception {
    Outcome outcome =
        switch (ending) {
          case SHUTDOWN -> shutdown();
          case REJECTION -> rejection();
          case CLOSE_FROM_ANOTHER_THREAD -> closeFromAnotherThread();
          case FIRST_STAGE_FAILURE -> firstStageFailure();
        };

    boolean withConsumersFailure =
        outcome.consumerGot() != null
            && Arrays.asList(outcome.consumerGot().getSuppressed()).contains(closeFailure);
    boolean thrownByClose = outcome.closeThrew() == closeFailure;
    assertThat(withConsumersFailure ^ thrownByClose)
        .as(
            "the close failure surfaces once; the consumer got %s, close() threw %s",
            outcome.consumerGot(), outcome.closeThrew())
        .isTrue();
  }

  private Outcome shutdown() {
    StreamTaskExecutor firstExecutor = executors.executor(2, 4);
    StreamTaskExecutor secondExecutor = executors.executor(2, 4);
    Source source = new Source(1);
    Stream<Integer> second =
        secondExecutor.map((Integer x) -> x, firstExecutor.map(x -> x, source, 4), 4);
    Iterator<Integer> it = second.iterator();
    assertThat(it.next()).isZero();
    eventually().until(source::blocked);
    Thread secondFeeder = TestExecutors.feederThread(secondExecutor);
    eventually().until(() -> TestExecutors.waitingForResult(secondFeeder));

    // The second stage stops feeding first, so that its feeder, waiting for the first stage, gets
    // the first stage's rejection after its own shutdown.
    secondExecutor.shutdown();
    firstExecutor.shutdown();
    eventually()
        .until(
            () ->
                TestExecutors.feederThreads(firstExecutor).isEmpty()
                    && TestExecutors.feederThreads(secondExecutor).isEmpty());

    Throwable consumerGot = catchThrowable(() -> it.forEachRemaining(x -> {}));
    assertThat(consumerGot).isInstanceOf(RejectedExecutionException.class);
    return new Outcome(consumerGot, catchThrowable(second::close));
  }

  private Outcome rejection() {
    ThreadPoolExecutor rejectingAfterTwo =
        new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>()) {
          private final AtomicInteger accepted = new AtomicInteger();

          @Override
          public void execute(Runnable task) {
            if (accepted.incrementAndGet() > 2) {
              throw new RejectedExecutionException("full");
            }
            super.execute(task);
          }
        };
    StreamTaskExecutor firstExecutor = executors.executor(rejectingAfterTwo, 4);
    StreamTaskExecutor secondExecutor = executors.executor(2, 4);
    Stream<Integer> second =
        secondExecutor.map(
            (Integer x) -> x, firstExecutor.map(x -> x, new Source(Integer.MAX_VALUE), 4), 4);
    eventually().until(() -> TestExecutors.feederThreads(secondExecutor).isEmpty());

    return new Outcome(null, catchThrowable(second::close));
  }

  private Outcome closeFromAnotherThread() throws Exception {
    StreamTaskExecutor executor = executors.executor(2, 4);
    CountDownLatch releaseClose = new CountDownLatch(1);
    Source source = new Source(2).closingAfter(releaseClose);
    Stream<Integer> second = executor.map((Integer x) -> x, executor.map(x -> x, source, 4), 4);
    // The first stage's results end: the second stage's feeder closes the first stage's source.
    TestExecutors.awaitUninterruptibly(source.closing);

    AtomicReference<Thread> closer = new AtomicReference<>();
    ExecutorService closerThread = executors.track(Executors.newSingleThreadExecutor());
    CompletableFuture<Throwable> closed =
        CompletableFuture.supplyAsync(
            () -> {
              closer.set(Thread.currentThread());
              return catchThrowable(second::close);
            },
            closerThread);
    eventually()
        .until(
            () ->
                closed.isDone()
                    || (closer.get() != null
                        && (closer.get().getState() == Thread.State.BLOCKED
                            || closer.get().getState() == Thread.State.WAITING)));
    releaseClose.countDown();

    return new Outcome(null, closed.get(TestExecutors.DEADLINE.toSeconds(), TimeUnit.SECONDS));
  }

  private Outcome firstStageFailure() {
    StreamTaskExecutor executor = executors.executor(2, 4);
    Stream<Integer> first =
        executor.map(
            x -> {
              if (x == 2) {
                throw new ArithmeticException("fails at 2");
              }
              return x;
            },
            new Source(Integer.MAX_VALUE),
            4);
    Stream<Integer> second = executor.map((Integer x) -> x, first, 4);
    eventually().until(() -> TestExecutors.feederThreads(executor).isEmpty());

    return new Outcome(null, catchThrowable(second::close));
  }

  private record Outcome(Throwable consumerGot, Throwable closeThrew) {}

  /**
   * Yields {@code inputs} inputs, then blocks in {@code hasNext()} until interrupted, or ends if a
   * close gate is set; {@code close()} waits for that gate, if any, then throws the close failure.
   */
  private final class Source implements Iterator<Integer>, AutoCloseable {
    private final int inputs;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile CountDownLatch closeGate;
    private volatile boolean blocked;
    private int pulled;

    Source(int inputs) {
      this.inputs = inputs;
    }

    Source closingAfter(CountDownLatch gate) {
      this.closeGate = gate;
      return this;
    }

    boolean blocked() {
      return blocked;
    }

    @Override
    public boolean hasNext() {
      if (pulled < inputs) {
        return true;
      }
      if (closeGate != null) {
        return false;
      }
      blocked = true;
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("interrupted while waiting for input");
    }

    @Override
    public Integer next() {
      return pulled++;
    }

    @Override
    public void close() {
      closing.countDown();
      CountDownLatch gate = closeGate;
      if (gate != null) {
        TestExecutors.awaitUninterruptibly(gate);
      }
      throw closeFailure;
    }
  }
}
