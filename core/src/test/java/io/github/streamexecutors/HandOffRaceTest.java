package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The moments where HandOff's token changes hands, forced to coincide (jcstress-style): two threads
 * released together by a barrier, each with a random few spins of delay, race for the token many
 * thousand times. In every race exactly one side must end up running the feeder: none would be a
 * lost resumption, two a double one.
 */
class HandOffRaceTest {

  private static final int RACES = 40_000;

  /** One race: a fresh hand-off, and the two sides; each says whether it runs the feeder. */
  private record Race(BooleanSupplier first, BooleanSupplier second) {}

  @Test
  void aTakeRacingTheFeedersRegistrationResumesItExactlyOnce() throws Exception {
    assertExactlyOneRunner(
        started -> {
          HandOff handOff = fullBuffer(1, 1, started);
          return new Race(
              () -> handOff.registerFeeder(1, 1),
              () -> {
                handOff.resultTaken();
                return false; // a run it starts is counted by the hand-off's startRun
              });
        });
  }

  @Test
  void aConsumerWaitingWithSpaceRacingTheRegistrationResumesTheFeederExactlyOnce()
      throws Exception {
    assertExactlyOneRunner(
        started -> {
          // Buffer 2, one slot free, the feeder asks for two: only the waiting consumer frees it.
          HandOff handOff = fullBuffer(2, 2, started);
          handOff.resultTaken();
          return new Race(
              () -> handOff.registerFeeder(2, 2),
              () -> {
                handOff.consumerAwaits(Thread.currentThread(), null);
                return false;
              });
        });
  }

  @Test
  void thePatienceTimerRacingATakeResumesTheFeederExactlyOnce() throws Exception {
    assertExactlyOneRunner(
        started -> {
          // Buffer 8, the feeder registered for a batch of 2; the timer lowers it to one slot
          // while the consumer frees that slot.
          HandOff handOff = fullBuffer(8, 8, started);
          assertThat(handOff.registerFeeder(8, 2)).isFalse();
          return new Race(
              () -> {
                handOff.lowerFeederRegistration(2, 1);
                return false;
              },
              () -> {
                handOff.resultTaken();
                return false;
              });
        });
  }

  /** A hand-off whose buffer of {@code bufferSize} is full after {@code pulled} pulls. */
  private static HandOff fullBuffer(int bufferSize, long pulled, AtomicInteger started) {
    HandOff handOff = new HandOff(bufferSize, new MapLifecycle(), started::incrementAndGet);
    handOff.setPulledRelease(pulled);
    return handOff;
  }

  private static void assertExactlyOneRunner(Function<AtomicInteger, Race> setUp) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    CyclicBarrier end = new CyclicBarrier(2);
    AtomicInteger[] started = new AtomicInteger[1];
    Race[] race = new Race[1];
    Thread second =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < RACES; i++) {
                  start.await();
                  spinAFew();
                  if (race[0].second().getAsBoolean()) {
                    started[0].incrementAndGet();
                  }
                  end.await();
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            "second-side");
    second.setDaemon(true);
    second.start();
    int lost = 0;
    int doubled = 0;
    for (int i = 0; i < RACES; i++) {
      started[0] = new AtomicInteger();
      race[0] = setUp.apply(started[0]);
      start.await();
      spinAFew();
      if (race[0].first().getAsBoolean()) {
        started[0].incrementAndGet();
      }
      end.await();
      int runners = started[0].get();
      if (runners == 0) {
        lost++;
      } else if (runners > 1) {
        doubled++;
      }
    }
    second.join();
    assertThat(lost).as("races that lost the resumption").isZero();
    assertThat(doubled).as("races that resumed the feeder twice").isZero();
  }

  private static void spinAFew() {
    for (int spins = ThreadLocalRandom.current().nextInt(64); spins > 0; spins--) {
      Thread.onSpinWait();
    }
  }
}
