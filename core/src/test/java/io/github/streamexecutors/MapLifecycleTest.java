package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A map's single state: it only moves forward, and each transition has one winner. */
class MapLifecycleTest {

  private final MapLifecycle lifecycle = new MapLifecycle();
  private final RejectedExecutionException shutdown = new RejectedExecutionException("shutdown");
  private final RejectedExecutionException shutdownNow =
      new RejectedExecutionException("shutdownNow");

  @Test
  void aNewMapFeedsAndHasNoStopReasonNorShutdown() {
    assertThat(lifecycle.isFeeding()).isTrue();
    assertThat(lifecycle.isStopped()).isFalse();
    assertThat(lifecycle.unstartedDropped()).isFalse();
    assertThat(lifecycle.stopReason()).isNull();
    assertThat(lifecycle.feedingStop()).isNull();
  }

  @ParameterizedTest
  @EnumSource(StopReason.class)
  void theFirstStopWinsAndRecordsItsReason(StopReason reason) {
    assertThat(lifecycle.stop(reason)).isTrue();

    assertThat(lifecycle.isStopped()).isTrue();
    assertThat(lifecycle.isFeeding()).isFalse();
    assertThat(lifecycle.unstartedDropped()).isFalse();
    assertThat(lifecycle.stopReason()).isEqualTo(reason);
  }

  @ParameterizedTest
  @EnumSource(StopReason.class)
  void aSecondStopLosesAndKeepsTheFirstReason(StopReason second) {
    lifecycle.stop(StopReason.ENDED);

    assertThat(lifecycle.stop(second)).isFalse();
    assertThat(lifecycle.stopReason()).isEqualTo(StopReason.ENDED);
  }

  @Test
  void shutdownEndsFeedingAndRecordsItsCause() {
    assertThat(lifecycle.stopFeeding(shutdown, false)).isTrue();

    assertThat(lifecycle.isFeeding()).isFalse();
    assertThat(lifecycle.isStopped()).isFalse();
    assertThat(lifecycle.unstartedDropped()).isFalse();
    assertThat(lifecycle.stopReason()).isNull();
    assertThat(lifecycle.feedingStop()).isSameAs(shutdown);
  }

  @Test
  void aSecondShutdownChangesNothing() {
    lifecycle.stopFeeding(shutdown, false);

    assertThat(lifecycle.stopFeeding(shutdownNow, false)).isFalse();
    assertThat(lifecycle.feedingStop()).isSameAs(shutdown);
    assertThat(lifecycle.unstartedDropped()).isFalse();
  }

  @Test
  void shutdownNowDropsUnstartedTasks() {
    assertThat(lifecycle.stopFeeding(shutdownNow, true)).isTrue();

    assertThat(lifecycle.isFeeding()).isFalse();
    assertThat(lifecycle.isStopped()).isFalse();
    assertThat(lifecycle.unstartedDropped()).isTrue();
    assertThat(lifecycle.feedingStop()).isSameAs(shutdownNow);
  }

  @Test
  void shutdownNowAfterShutdownUpgradesAndKeepsTheFirstCause() {
    lifecycle.stopFeeding(shutdown, false);

    assertThat(lifecycle.stopFeeding(shutdownNow, true)).isTrue();
    assertThat(lifecycle.unstartedDropped()).isTrue();
    assertThat(lifecycle.feedingStop()).isSameAs(shutdown);
  }

  @Test
  void shutdownAfterShutdownNowDoesNotDowngrade() {
    lifecycle.stopFeeding(shutdownNow, true);

    assertThat(lifecycle.stopFeeding(shutdown, false)).isFalse();
    assertThat(lifecycle.unstartedDropped()).isTrue();
    assertThat(lifecycle.stopFeeding(shutdown, true)).isFalse();
  }

  @ParameterizedTest
  @EnumSource(StopReason.class)
  void aShutdownAfterAStopIsIgnored(StopReason reason) {
    lifecycle.stop(reason);

    assertThat(lifecycle.stopFeeding(shutdown, false)).isFalse();
    assertThat(lifecycle.stopFeeding(shutdownNow, true)).isFalse();
    assertThat(lifecycle.isStopped()).isTrue();
    assertThat(lifecycle.unstartedDropped()).isFalse();
    assertThat(lifecycle.stopReason()).isEqualTo(reason);
    assertThat(lifecycle.feedingStop()).isNull();
  }

  @Test
  void aStopAfterAShutdownWinsAndKeepsTheShutdownsCause() {
    lifecycle.stopFeeding(shutdown, true);

    assertThat(lifecycle.stop(StopReason.FAILED)).isTrue();
    assertThat(lifecycle.isStopped()).isTrue();
    assertThat(lifecycle.unstartedDropped()).isFalse();
    assertThat(lifecycle.stopReason()).isEqualTo(StopReason.FAILED);
    assertThat(lifecycle.feedingStop()).isSameAs(shutdown);
  }

  @Test
  void concurrentStopsHaveExactlyOneWinner() throws Exception {
    for (int round = 0; round < 200; round++) {
      MapLifecycle contested = new MapLifecycle();
      CyclicBarrier start = new CyclicBarrier(2);
      AtomicInteger winners = new AtomicInteger();
      Thread other =
          new Thread(
              () -> {
                await(start);
                if (contested.stop(StopReason.CLOSED)) {
                  winners.incrementAndGet();
                }
              });
      other.start();
      await(start);
      if (contested.stop(StopReason.ABANDONED)) {
        winners.incrementAndGet();
      }
      other.join();
      assertThat(winners).hasValue(1);
      assertThat(contested.stopReason()).isIn(StopReason.CLOSED, StopReason.ABANDONED);
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
