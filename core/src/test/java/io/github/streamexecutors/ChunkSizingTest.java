package io.github.streamexecutors;

import static io.github.streamexecutors.ChunkSizing.MAX_ADAPTIVE_GROUP;
import static io.github.streamexecutors.ChunkSizing.TARGET_GROUP_NANOS;
import static io.github.streamexecutors.ChunkSizing.TINY_NANOS;
import static io.github.streamexecutors.ChunkSizing.UNMEASURED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The chunk-size policy is pure arithmetic: each bound checked at and next to its edge. */
class ChunkSizingTest {

  private static final int LARGE_BUFFER = 1 << 20;

  @Test
  void withoutChunkingEveryTaskHoldsOneInputAndNothingIsMeasured() {
    ChunkSizing sizing = ChunkSizing.of(MapOptions.defaults(), 100);

    assertThat(sizing.groups()).isFalse();
    assertThat(sizing.adaptive()).isFalse();
    assertThat(sizing.nextGroupSize(UNMEASURED, 0)).isEqualTo(1);
    assertThat(sizing.nextGroupSize(1, 1)).isEqualTo(1);
  }

  @Test
  void aFixedChunkSizeIsUsedWhateverThePace() {
    ChunkSizing sizing = ChunkSizing.of(MapOptions.defaults().withChunkSize(64), 100);

    assertThat(sizing.groups()).isTrue();
    assertThat(sizing.adaptive()).isFalse();
    assertThat(sizing.nextGroupSize(UNMEASURED, 0)).isEqualTo(64);
    assertThat(sizing.nextGroupSize(TINY_NANOS * 100, TINY_NANOS * 100)).isEqualTo(64);
  }

  @Test
  void aFixedChunkSizeIsCappedByTheBuffer() {
    assertThat(ChunkSizing.of(MapOptions.defaults().withChunkSize(64), 10).nextGroupSize(0, 0))
        .isEqualTo(10);
    assertThat(ChunkSizing.of(MapOptions.defaults().withChunkSize(64), 64).nextGroupSize(0, 0))
        .isEqualTo(64);
    assertThat(ChunkSizing.of(MapOptions.defaults().withChunkSize(64), 65).nextGroupSize(0, 0))
        .isEqualTo(64);
  }

  @Test
  void aChunkSizeOfTwoGroups() {
    assertThat(ChunkSizing.of(MapOptions.defaults().withChunkSize(2), 100).groups()).isTrue();
  }

  @Test
  void aFixedChunkSizeCappedToOneByTheBufferDoesNotGroup() {
    assertThat(ChunkSizing.of(MapOptions.defaults().withChunkSize(64), 1).groups()).isFalse();
  }

  @Test
  void adaptiveChunkingGroupsAndMeasures() {
    ChunkSizing sizing = ChunkSizing.of(MapOptions.defaults().withAdaptiveChunking(), 4096);

    assertThat(sizing.groups()).isTrue();
    assertThat(sizing.adaptive()).isTrue();
    assertThat(sizing.nextGroupSize(100, 0)).isEqualTo((int) (TARGET_GROUP_NANOS / 100));
  }

  @Test
  void adaptiveTasksOfUnknownLengthRunOneInputEach() {
    assertThat(ChunkSizing.adaptiveSize(UNMEASURED, 0, LARGE_BUFFER)).isEqualTo(1);
  }

  @Test
  void adaptiveTasksGroupUpToTheTinyBoundAndNotBeyond() {
    assertThat(ChunkSizing.adaptiveSize(TINY_NANOS, 0, LARGE_BUFFER))
        .isEqualTo((int) (TARGET_GROUP_NANOS / TINY_NANOS));
    assertThat(ChunkSizing.adaptiveSize(TINY_NANOS + 1, 0, LARGE_BUFFER)).isEqualTo(1);
  }

  @Test
  void slowPullsStopGroupingBeyondTheTinyBound() {
    assertThat(ChunkSizing.adaptiveSize(0, TINY_NANOS, LARGE_BUFFER))
        .isEqualTo((int) (TARGET_GROUP_NANOS / TINY_NANOS));
    assertThat(ChunkSizing.adaptiveSize(0, TINY_NANOS + 1, LARGE_BUFFER)).isEqualTo(1);
  }

  @Test
  void aGroupIsSizedToRunAboutTheTargetTimeCountingTaskAndPull() {
    assertThat(ChunkSizing.adaptiveSize(300, 200, LARGE_BUFFER))
        .isEqualTo((int) (TARGET_GROUP_NANOS / 500));
    assertThat(ChunkSizing.adaptiveSize(1000, 0, LARGE_BUFFER))
        .isEqualTo((int) (TARGET_GROUP_NANOS / 1000));
  }

  @Test
  void aGroupNeverExceedsTheAdaptiveMaximum() {
    assertThat(ChunkSizing.adaptiveSize(0, 0, LARGE_BUFFER)).isEqualTo(MAX_ADAPTIVE_GROUP);
    assertThat(ChunkSizing.adaptiveSize(1, 0, LARGE_BUFFER)).isEqualTo(MAX_ADAPTIVE_GROUP);
    long justAboveTheMaximum = TARGET_GROUP_NANOS / (MAX_ADAPTIVE_GROUP + 1);
    assertThat(TARGET_GROUP_NANOS / justAboveTheMaximum).isGreaterThan(MAX_ADAPTIVE_GROUP);
    assertThat(ChunkSizing.adaptiveSize(justAboveTheMaximum, 0, LARGE_BUFFER))
        .isEqualTo(MAX_ADAPTIVE_GROUP);
  }

  @Test
  void aGroupNeverExceedsAQuarterOfTheBuffer() {
    assertThat(ChunkSizing.adaptiveSize(1, 0, 400)).isEqualTo(100);
    assertThat(ChunkSizing.adaptiveSize(1, 0, 403)).isEqualTo(100);
    assertThat(ChunkSizing.adaptiveSize(1, 0, 4 * MAX_ADAPTIVE_GROUP + 4))
        .isEqualTo(MAX_ADAPTIVE_GROUP);
  }

  @Test
  void aBufferBelowFourStillGetsGroupsOfOne() {
    assertThat(ChunkSizing.adaptiveSize(1, 0, 3)).isEqualTo(1);
    assertThat(ChunkSizing.adaptiveSize(1, 0, 1)).isEqualTo(1);
    assertThat(ChunkSizing.of(MapOptions.defaults().withAdaptiveChunking(), 3).nextGroupSize(1, 0))
        .isEqualTo(1);
  }

  @Test
  void theFirstMeasurementIsTheAverage() {
    assertThat(ChunkSizing.averaged(UNMEASURED, 1000, 4)).isEqualTo(250);
    assertThat(ChunkSizing.averaged(UNMEASURED, 1000, 1)).isEqualTo(1000);
  }

  @Test
  void laterMeasurementsWeighAnEighth() {
    assertThat(ChunkSizing.averaged(800, 1600, 1)).isEqualTo((7 * 800 + 1600) / 8);
    assertThat(ChunkSizing.averaged(800, 1600, 2)).isEqualTo(800);
    assertThat(ChunkSizing.averaged(0, 800, 1)).isEqualTo(100);
  }
}
