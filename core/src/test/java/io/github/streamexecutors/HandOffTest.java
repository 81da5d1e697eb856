package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-off step by step, on one thread: who takes the feeder's token at which count, and whom
 * each waker unparks. The races between these steps are HandOffRaceTest's.
 */
class HandOffTest {

  /** Long enough that a park that was not preceded by an unpark is seen to wait. */
  private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);

  private final MapLifecycle lifecycle = new MapLifecycle();
  private final AtomicInteger runsStarted = new AtomicInteger();
  private final HandOff handOff = new HandOff(4, lifecycle, runsStarted::incrementAndGet);
  private final PendingResult<Object, Object> node = PendingResult.end(null);

  @BeforeEach
  void dropAStrayPermit() {
    LockSupport.parkNanos(1); // an unpark left by an earlier test would make a park return
  }

  /** Pulls until the buffer of 4 is full, as the feeder does. */
  private void fill() {
    handOff.setPulledRelease(4);
  }

  @Test
  void aNewHandOffHasARunInFlightAndAnEmptyBuffer() {
    assertThat(handOff.feederIdle()).isFalse();
    assertThat(handOff.pulled()).isZero();
    assertThat(handOff.queueDepth()).isZero();
    assertThat(handOff.taskNanosPerInput()).isEqualTo(ChunkSizing.UNMEASURED);
  }

  @Test
  void thereIsSpaceUntilTheBufferIsFull() {
    assertThat(handOff.hasSpace(0)).isTrue();
    assertThat(handOff.hasSpace(3)).isTrue();
    assertThat(handOff.hasSpace(4)).isFalse();

    handOff.resultTaken();

    assertThat(handOff.hasSpace(4)).isTrue();
    assertThat(handOff.hasSpace(5)).isFalse();
  }

  @Test
  void theQueueDepthIsWhatWasPulledAndNotTaken() {
    fill();
    handOff.resultTaken();

    assertThat(handOff.pulled()).isEqualTo(4);
    assertThat(handOff.queueDepth()).isEqualTo(3);
  }

  @Test
  void aFeederThatFindsNoSpaceGivesItsTokenUp() {
    fill();

    assertThat(handOff.registerFeeder(4, 2)).isFalse();
    assertThat(handOff.feederIdle()).isTrue();
    assertThat(runsStarted).hasValue(0);
  }

  @Test
  void theTakeThatFreesTheBatchStartsOneRun() {
    fill();
    handOff.registerFeeder(4, 2);

    handOff.resultTaken();
    assertThat(runsStarted).hasValue(0);
    assertThat(handOff.feederIdle()).isTrue();

    handOff.resultTaken();
    assertThat(runsStarted).hasValue(1);
    assertThat(handOff.feederIdle()).isFalse();

    handOff.resultTaken();
    assertThat(runsStarted).hasValue(1);
  }

  @Test
  void aFeederThatFindsItsBatchFreeAfterRegisteringGoesOn() {
    fill();
    handOff.resultTaken();
    handOff.resultTaken();

    assertThat(handOff.registerFeeder(4, 2)).isTrue();
    assertThat(handOff.feederIdle()).isFalse();
    assertThat(runsStarted).hasValue(0);
    assertThat(handOff.hasSpace(5)).isTrue();
    assertThat(handOff.hasSpace(6)).isFalse();
  }

  @Test
  void aFeederWithLessThanItsBatchFreeWaits() {
    fill();
    handOff.resultTaken();

    assertThat(handOff.registerFeeder(4, 2)).isFalse();
    assertThat(handOff.feederIdle()).isTrue();
  }

  @Test
  void aFeederGoesOnWhenAConsumerWaitsAndASlotIsFree() {
    fill();
    handOff.resultTaken();
    handOff.consumerAwaits(Thread.currentThread(), node);

    assertThat(handOff.registerFeeder(4, 2)).isTrue();
    assertThat(runsStarted).hasValue(0);
  }

  @Test
  void aWaitingConsumerDoesNotLetTheFeederGoOnWithoutAFreeSlot() {
    fill();
    handOff.consumerAwaits(Thread.currentThread(), node);

    assertThat(handOff.registerFeeder(4, 2)).isFalse();
    assertThat(handOff.feederIdle()).isTrue();
  }

  @Test
  void aFeederGoesOnWhenTheMapWasShutDown() {
    fill();
    lifecycle.stopFeeding(new RejectedExecutionException("shutdown"), false);

    assertThat(handOff.registerFeeder(4, 2)).isTrue();
    assertThat(handOff.feederIdle()).isFalse();
  }

  @Test
  void aFeederGoesOnWhenTheMapStopped() {
    fill();
    lifecycle.stop(StopReason.CLOSED);

    assertThat(handOff.registerFeeder(4, 2)).isTrue();
  }

  @Test
  void aConsumerThatWaitsWhileThereIsSpaceResumesTheIdleFeederOnce() {
    fill();
    handOff.registerFeeder(4, 2);
    handOff.resultTaken();

    handOff.consumerAwaits(Thread.currentThread(), node);
    assertThat(runsStarted).hasValue(1);

    handOff.consumerAwaits(Thread.currentThread(), null);
    handOff.resultTaken();
    assertThat(runsStarted).hasValue(1);
  }

  @Test
  void aConsumerThatWaitsWithTheBufferFullResumesNothing() {
    fill();
    handOff.registerFeeder(4, 2);

    handOff.consumerAwaits(Thread.currentThread(), node);

    assertThat(runsStarted).hasValue(0);
    assertThat(handOff.feederIdle()).isTrue();
  }

  @Test
  void aConsumerThatWaitsWhileTheFeederRunsStartsNoOtherRun() {
    handOff.consumerAwaits(Thread.currentThread(), node);

    assertThat(runsStarted).hasValue(0);
  }

  @Test
  void aConsumerRegistrationIsFreshOnlyForANewNodeOrThread() throws Exception {
    Thread consumer = Thread.currentThread();
    assertThat(handOff.consumerAwaits(consumer, node)).isTrue();
    assertThat(handOff.consumerAwaits(consumer, node)).isFalse();
    assertThat(handOff.consumerAwaits(consumer, null)).isTrue();
    Thread other = new Thread(() -> {});
    assertThat(handOff.consumerAwaits(other, null)).isTrue();

    handOff.consumerResumed();

    assertThat(handOff.parkedConsumer).isNull();
    assertThat(handOff.awaited).isNull();
    assertThat(handOff.consumerAwaits(other, null)).isTrue();
  }

  @Test
  void thePatienceTimerLowersTheRegistrationToOneSlot() {
    fill();
    handOff.registerFeeder(4, 2); // registered at 2 taken

    handOff.lowerFeederRegistration(2, 1);
    assertThat(runsStarted).hasValue(0);

    handOff.resultTaken();
    assertThat(runsStarted).hasValue(1);
  }

  @Test
  void thePatienceTimerStartsTheRunIfTheSlotIsFreeAlready() {
    fill();
    handOff.registerFeeder(4, 2);
    handOff.resultTaken();

    handOff.lowerFeederRegistration(2, 1);

    assertThat(runsStarted).hasValue(1);
    assertThat(handOff.feederIdle()).isFalse();
  }

  @Test
  void aLateTimerLeavesALaterRegistrationAlone() {
    fill();
    handOff.registerFeeder(4, 2);
    handOff.resultTaken();
    handOff.resultTaken(); // run started; the feeder pulls two more and registers again
    assertThat(runsStarted).hasValue(1);
    handOff.setPulledRelease(6);
    handOff.registerFeeder(6, 2); // registered at 4 taken
    handOff.resultTaken();

    handOff.lowerFeederRegistration(2, 1); // the first registration's timer, late

    assertThat(runsStarted).hasValue(1);
    assertThat(handOff.feederIdle()).isTrue();
  }

  @Test
  void theTimerOfARunningFeederStartsNothing() {
    fill();
    handOff.resultTaken();
    handOff.resultTaken();
    handOff.registerFeeder(4, 2); // went on at once

    handOff.lowerFeederRegistration(2, 1);

    assertThat(runsStarted).hasValue(0);
    assertThat(handOff.feederIdle()).isFalse();
  }

  @Test
  void wakingTheAwaitedNodeUnparksTheConsumerAndTakesItsRegistration() {
    handOff.consumerAwaits(Thread.currentThread(), node);

    handOff.wakeConsumerAwaiting(node);

    assertThat(handOff.parkedConsumer).isNull();
    assertUnparked();
  }

  @Test
  void wakingAnotherNodeLeavesTheConsumerParked() {
    handOff.consumerAwaits(Thread.currentThread(), node);

    handOff.wakeConsumerAwaiting(null);

    assertThat(handOff.parkedConsumer).isSameAs(Thread.currentThread());
  }

  @Test
  void anAppendWakesAConsumerWaitingForTheNextNode() {
    handOff.consumerAwaits(Thread.currentThread(), null);

    handOff.wakeConsumerAwaiting(null);

    assertThat(handOff.parkedConsumer).isNull();
    assertUnparked();
  }

  @Test
  void wakingTheConsumerUnparksItWhateverItWaitsFor() {
    handOff.consumerAwaits(Thread.currentThread(), node);

    handOff.wakeConsumer();

    assertUnparked();
  }

  @Test
  void wakingWithoutAConsumerDoesNothing() {
    handOff.wakeConsumer();
    handOff.wakeConsumerAwaiting(null);

    assertThat(handOff.parkedConsumer).isNull();
  }

  @Test
  void thePaceIsTheAverageOfTheMeasurements() {
    handOff.taskMeasured(1000, 4);
    assertThat(handOff.taskNanosPerInput()).isEqualTo(250);

    handOff.taskMeasured(250 + 8 * 100, 1);
    assertThat(handOff.taskNanosPerInput()).isEqualTo(350);
  }

  /** An unpark of this thread came first: parking returns at once. */
  private static void assertUnparked() {
    long start = System.nanoTime();
    LockSupport.parkNanos(PARK_NANOS);
    assertThat(System.nanoTime() - start).isLessThan(PARK_NANOS);
  }
}
