package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** One map's feeder runs: named after the map, interrupted by a stop only while they run. */
class FeederSchedulerTest {

  private static final String RUN_NAME = "stream-executors-feeder-test-1";

  private final AtomicReference<Throwable> refused = new AtomicReference<>();

  private FeederScheduler scheduler(Executor executor, Runnable loop) {
    return new FeederScheduler(executor, loop, refused::set, RUN_NAME);
  }

  @Test
  void aRunCarriesTheMapsNameAndGivesTheThreadItsOwnBack() {
    Thread thread = Thread.currentThread();
    String ownName = thread.getName();
    AtomicReference<String> nameInRun = new AtomicReference<>();
    AtomicReference<Thread> runnerInRun = new AtomicReference<>();
    FeederScheduler[] scheduler = new FeederScheduler[1];
    scheduler[0] =
        scheduler(
            Runnable::run,
            () -> {
              nameInRun.set(Thread.currentThread().getName());
              runnerInRun.set(scheduler[0].runner());
            });

    scheduler[0].start();

    assertThat(nameInRun).hasValue(RUN_NAME);
    assertThat(runnerInRun).hasValue(thread);
    assertThat(thread.getName()).isEqualTo(ownName);
    assertThat(scheduler[0].runner()).isNull();
  }

  @Test
  void aRunThatFailsStillGivesTheThreadItsNameBack() {
    String ownName = Thread.currentThread().getName();
    FeederScheduler scheduler =
        scheduler(
            Runnable::run,
            () -> {
              throw new IllegalStateException("loop");
            });

    assertThatThrownBy(scheduler::start).hasMessage("loop");
    assertThat(Thread.currentThread().getName()).isEqualTo(ownName);
    assertThat(scheduler.runner()).isNull();
  }

  @Test
  void aRefusedFirstRunIsThrownToTheCaller() {
    RejectedExecutionException refusal = new RejectedExecutionException("no threads");
    FeederScheduler scheduler =
        scheduler(
            task -> {
              throw refusal;
            },
            () -> {});

    assertThatThrownBy(scheduler::start).isSameAs(refusal);
    assertThat(refused).hasValue(null);
  }

  @Test
  void aRefusedResumptionIsHandedToTheLoop() {
    RejectedExecutionException refusal = new RejectedExecutionException("no threads");
    FeederScheduler scheduler =
        scheduler(
            task -> {
              throw refusal;
            },
            () -> {});

    scheduler.resume();

    assertThat(refused).hasValue(refusal);
  }

  @Test
  void anErrorRefusingAResumptionIsHandedToTheLoopToo() {
    OutOfMemoryError refusal = new OutOfMemoryError("unable to create native thread");
    FeederScheduler scheduler =
        scheduler(
            task -> {
              throw refusal;
            },
            () -> {});

    scheduler.resume();

    assertThat(refused).hasValue(refusal);
  }

  @Test
  void aResumptionRunsTheLoop() {
    CountDownLatch ran = new CountDownLatch(1);
    FeederScheduler scheduler = scheduler(Runnable::run, ran::countDown);

    scheduler.resume();

    assertThat(ran.getCount()).isZero();
    assertThat(refused).hasValue(null);
  }

  @Test
  void aStopFromTheRunsOwnThreadDoesNotInterruptIt() {
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    FeederScheduler[] scheduler = new FeederScheduler[1];
    scheduler[0] =
        scheduler(
            Runnable::run,
            () -> {
              scheduler[0].interruptRun();
              interrupted.set(Thread.currentThread().isInterrupted());
            });

    scheduler[0].start();

    assertThat(interrupted).hasValue(false);
  }

  @Test
  void aStopWithoutARunInterruptsNothing() {
    FeederScheduler scheduler = scheduler(Runnable::run, () -> {});
    scheduler.start();

    scheduler.interruptRun();

    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void aStopInterruptsTheRunInFlightAndTheInterruptEndsWithTheRun() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CompletableFuture<Boolean> interruptedInRun = new CompletableFuture<>();
    CompletableFuture<Boolean> interruptedAfterRun = new CompletableFuture<>();
    Executor ownThread =
        task ->
            new Thread(
                    () -> {
                      task.run();
                      interruptedAfterRun.complete(Thread.currentThread().isInterrupted());
                    })
                .start();
    FeederScheduler scheduler =
        scheduler(
            ownThread,
            () -> {
              running.countDown();
              try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(3));
                interruptedInRun.complete(false);
              } catch (InterruptedException e) {
                interruptedInRun.complete(true);
                Thread.currentThread().interrupt(); // as a source that keeps the status would
              }
            });

    scheduler.start();
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    scheduler.interruptRun();

    assertThat(interruptedInRun.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(interruptedAfterRun.get(10, TimeUnit.SECONDS)).isFalse();
  }

  @Test
  void anInterruptTheRunDidNotGetFromAStopIsLeftAlone() throws Exception {
    CompletableFuture<Boolean> interruptedAfterRun = new CompletableFuture<>();
    Executor ownThread =
        task ->
            new Thread(
                    () -> {
                      task.run();
                      interruptedAfterRun.complete(Thread.currentThread().isInterrupted());
                    })
                .start();
    FeederScheduler scheduler = scheduler(ownThread, () -> Thread.currentThread().interrupt());

    scheduler.start();

    assertThat(interruptedAfterRun.get(10, TimeUnit.SECONDS)).isTrue();
  }
}
