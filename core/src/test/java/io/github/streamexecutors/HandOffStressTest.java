package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HandOff's protocol alone, under stress: a model feeder whose runs are started only through the
 * token, a consumer that takes or waits, and a patience timer, racing at random buffer sizes and
 * batches. It must never run two feeder runs at once (a double resumption), never exceed the bound,
 * and never lose a resumption or a wake-up: the consumer parks with no timeout, so a lost one hangs
 * the trial past the bound.
 */
class HandOffStressTest {

  private static final int TRIALS = 3_000;
  private static final int ITEMS = 300;

  private final ExecutorService runs = Executors.newCachedThreadPool();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void shutDown() {
    runs.shutdownNow();
    timer.shutdownNow();
  }

  @Test
  void noResumptionIsLostOrDoubledAndTheBoundHolds() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(120),
        () -> {
          for (int trial = 0; trial < TRIALS; trial++) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int bufferSize = 1 + random.nextInt(8);
            int batch = 1 + random.nextInt(bufferSize);
            new Trial(bufferSize, batch, random.nextBoolean()).run();
          }
        });
  }

  private final class Trial {
    final int bufferSize;
    final int batch;
    final boolean patienceTimer;
    final HandOff handOff;
    final AtomicInteger running = new AtomicInteger();
    final AtomicBoolean overlapped = new AtomicBoolean();
    final AtomicBoolean boundExceeded = new AtomicBoolean();
    final AtomicInteger runsStarted = new AtomicInteger();
    final CountDownLatch fed = new CountDownLatch(1);

    /**
     * The model's list: the real feeder appends each node with a volatile store (its link), which
     * the registered consumer re-reads; HandOff's `pulled` is only a release store, which a
     * consumer must not use for that re-check (the two sides could miss each other).
     */
    final AtomicLong appended = new AtomicLong();

    Trial(int bufferSize, int batch, boolean patienceTimer) {
      this.bufferSize = bufferSize;
      this.batch = batch;
      this.patienceTimer = patienceTimer;
      this.handOff = new HandOff(bufferSize, new MapLifecycle(), () -> runs.execute(this::feed));
    }

    void run() throws InterruptedException {
      runs.execute(this::feed); // the first run holds the token from the start
      consume();
      assertThat(fed.await(10, TimeUnit.SECONDS)).as("the feeder ended").isTrue();
      assertThat(overlapped).as("two feeder runs at once").isFalse();
      assertThat(boundExceeded).as("pulled - returned > bufferSize").isFalse();
      assertThat(runsStarted.get()).isLessThanOrEqualTo(ITEMS + 1);
    }

    /** One feeder run: pulls while there is space, then gives the token up as the loop does. */
    void feed() {
      runsStarted.incrementAndGet();
      enter();
      long pulled = handOff.pulled();
      while (pulled < ITEMS) {
        if (!handOff.hasSpace(pulled)) {
          running.decrementAndGet(); // before publishing: a successor may start at once
          if (!handOff.registerFeeder(pulled, batch)) {
            if (patienceTimer && batch > 1) {
              long full = pulled - bufferSize;
              timer.schedule(
                  () -> handOff.lowerFeederRegistration(full + batch, full + 1),
                  ThreadLocalRandom.current().nextInt(50),
                  TimeUnit.MICROSECONDS);
            }
            return;
          }
          enter();
          continue;
        }
        handOff.setPulledRelease(++pulled);
        if (handOff.queueDepth() > bufferSize) {
          boundExceeded.set(true);
        }
        appended.set(pulled);
        handOff.wakeConsumerAwaiting(null);
      }
      running.decrementAndGet();
      fed.countDown();
    }

    private void enter() {
      if (running.incrementAndGet() != 1) {
        overlapped.set(true);
      }
    }

    void consume() {
      Thread me = Thread.currentThread();
      ThreadLocalRandom random = ThreadLocalRandom.current();
      long taken = 0;
      while (taken < ITEMS) {
        if (appended.get() > taken) {
          taken++;
          handOff.resultTaken();
          if (random.nextInt(4) == 0) {
            Thread.onSpinWait();
          }
          continue;
        }
        handOff.consumerAwaits(me, null);
        if (appended.get() == taken) {
          LockSupport.park(this); // no timeout: only the feeder's wake-up ends this
        }
        handOff.consumerResumed();
      }
    }
  }
}
