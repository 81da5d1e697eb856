package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A group's filling and sealing, as the feeder and a waiting consumer race for it. */
class PendingGroupTest {

  private static final long OPENED_AT = 1_000_000;

  private final PendingGroup<String, String> group = new PendingGroup<>(null, 3, "a", OPENED_AT);

  @Test
  void aGroupHoldsItsFirstInputAndAddsUntilFull() {
    assertThat(group.capacity()).isEqualTo(3);
    assertThat(group.size()).isEqualTo(1);
    assertThat(group.inputCount()).isEqualTo(1);

    assertThat(group.tryAdd("b", 1)).isEqualTo(2);
    assertThat(group.tryAdd("c", 2)).isEqualTo(3);
    assertThat(group.tryAdd("d", 3)).isZero();

    assertThat(group.size()).isEqualTo(3);
    assertThat(group.inputCount()).isEqualTo(3);
  }

  @Test
  void aSealedGroupTakesNoMoreInputsAndKeepsItsSize() {
    group.tryAdd("b", 1);

    assertThat(group.seal()).isTrue();
    assertThat(group.tryAdd("c", 2)).isZero();
    assertThat(group.size()).isEqualTo(2);
    assertThat(group.inputCount()).isEqualTo(2);
  }

  @Test
  void onlyTheFirstSealWins() {
    assertThat(group.seal()).isTrue();
    assertThat(group.seal()).isFalse();
  }

  @Test
  void aSealedGroupIsNeverDueForSealingAgain() {
    group.seal();

    assertThat(group.nanosUntilSealDue()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void anOpenGroupIsDueAtItsFlushAge() {
    long before = System.nanoTime();
    PendingGroup<String, String> fresh = new PendingGroup<>(null, 3, "a", before);

    long due = fresh.nanosUntilSealDue();

    assertThat(due).isLessThanOrEqualTo(PendingGroup.FLUSH_NANOS);
    assertThat(due).isGreaterThan(before - System.nanoTime());
  }

  @Test
  void aGroupIsOldOnceTheNextPullWouldTakeItPastTheFlushAge() {
    long pulledAt = OPENED_AT + PendingGroup.FLUSH_NANOS - 10;

    assertThat(group.isOld(pulledAt, 10)).isFalse();
    assertThat(group.isOld(pulledAt, 11)).isTrue();
    assertThat(group.isOld(OPENED_AT, PendingGroup.FLUSH_NANOS)).isFalse();
    assertThat(group.isOld(OPENED_AT + PendingGroup.FLUSH_NANOS + 1, 0)).isTrue();
  }

  @Test
  void aGroupsPositionsAreNotReadyBeforeItRuns() {
    assertThat(group.valuesReady()).isZero();
    assertThat(group.isReady(0)).isFalse();
    assertThat(group.isDone()).isFalse();
  }

  @Test
  void aSingleTaskIsNeverDueForSealingAndCannotBeSealed() {
    PendingResult<String, String> task = PendingResult.task(null, "a");

    assertThat(task.nanosUntilSealDue()).isEqualTo(Long.MAX_VALUE);
    assertThat(task.seal()).isFalse();
    assertThat(task.size()).isEqualTo(1);
    assertThat(task.inputCount()).isEqualTo(1);
  }
}
