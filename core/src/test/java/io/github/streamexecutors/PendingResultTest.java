package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** One node: computed at most once, by the pool or failed in place by a refusal, never both. */
class PendingResultTest {

  private final AtomicInteger calls = new AtomicInteger();
  private final StreamTaskExecutor executor = new StreamTaskExecutor(new ManualExecutor());

  private RunningMap<Integer, Integer> map(
      Function<Integer, Integer> fn, MapOptions options, ContextPropagator.Snapshot context) {
    return new RunningMap<>(
        executor,
        x -> {
          calls.incrementAndGet();
          return fn.apply(x);
        },
        () -> List.of(1).iterator(),
        null,
        8,
        options,
        1,
        context);
  }

  private RunningMap<Integer, Integer> map(Function<Integer, Integer> fn) {
    return map(fn, MapOptions.defaults(), null);
  }

  @Test
  void aTaskComputesItsValueOnceAndHandsItOverOnce() {
    PendingResult<Integer, Integer> task = PendingResult.task(map(x -> x * 10), 4);
    assertThat(task.isDone()).isFalse();
    assertThat(task.isReady(0)).isFalse();
    assertThat(task.valuesReady()).isZero();

    task.run();
    task.run();

    assertThat(calls).hasValue(1);
    assertThat(task.isDone()).isTrue();
    assertThat(task.isRunning()).isFalse();
    assertThat(task.isFailed()).isFalse();
    assertThat(task.isReady(0)).isTrue();
    assertThat(task.valuesReady()).isEqualTo(1);
    assertThat(task.takeValueAt(0)).isEqualTo(40);
    assertThat(task.takeValueAt(0)).isNull();
  }

  @Test
  void aTaskIsRunningWhileTheFunctionRuns() {
    PendingResult<?, ?>[] self = new PendingResult<?, ?>[1];
    boolean[] runningInside = new boolean[1];
    PendingResult<Integer, Integer> task =
        PendingResult.task(
            map(
                x -> {
                  runningInside[0] = self[0].isRunning() && !self[0].isDone();
                  return x;
                }),
            1);
    self[0] = task;

    task.run();

    assertThat(runningInside[0]).isTrue();
  }

  @Test
  void aFailureOfTheFunctionIsTheTasksOutcome() {
    IllegalStateException failure = new IllegalStateException("fn");
    PendingResult<Integer, Integer> task =
        PendingResult.task(
            map(
                x -> {
                  throw failure;
                }),
            1);

    task.run();

    assertThat(task.isDone()).isTrue();
    assertThat(task.isFailed()).isTrue();
    assertThat(task.valuesReady()).isZero();
    assertThat(task.failure()).isSameAs(failure);
  }

  @Test
  void aTaskOfAStoppedMapSkipsTheFunction() {
    RunningMap<Integer, Integer> map = map(x -> x);
    PendingResult<Integer, Integer> task = PendingResult.task(map, 1);
    map.stop(StopReason.CLOSED);

    task.run();

    assertThat(calls).hasValue(0);
    assertThat(task.isDone()).isTrue();
    assertThat(task.isFailed()).isFalse();
    assertThat(task.valuesReady()).isZero();
  }

  @Test
  void aRejectedTaskFailsWithTheRefusalAndNeverRuns() {
    RunningMap<Integer, Integer> map = map(x -> x);
    PendingResult<Integer, Integer> task = PendingResult.task(map, 1);
    RuntimeException refusal = new RuntimeException("refused");

    assertThat(task.reject(refusal)).isTrue();
    assertThat(task.reject(new RuntimeException("again"))).isFalse();
    task.run();

    assertThat(calls).hasValue(0);
    assertThat(task.isFailed()).isTrue();
    assertThat(task.failure()).isSameAs(refusal);
  }

  @Test
  void aTaskThatRanCannotBeRejected() {
    PendingResult<Integer, Integer> task = PendingResult.task(map(x -> x), 1);
    task.run();

    assertThat(task.reject(new RuntimeException("late"))).isFalse();
    assertThat(task.isFailed()).isFalse();
    assertThat(task.takeValueAt(0)).isEqualTo(1);
  }

  @Test
  void terminalNodesAreCompleteFromTheStart() {
    RunningMap<Integer, Integer> map = map(x -> x);
    RuntimeException failure = new RuntimeException("source");

    PendingResult<Integer, Integer> end = PendingResult.end(map);
    PendingResult<Integer, Integer> failed = PendingResult.failure(map, failure);
    PendingResult<Integer, Integer> sentinel = PendingResult.sentinel(map);

    assertThat(end.isDone()).isTrue();
    assertThat(end.isFailed()).isFalse();
    assertThat(end.valuesReady()).isZero();
    assertThat(failed.isDone()).isTrue();
    assertThat(failed.isFailed()).isTrue();
    assertThat(failed.failure()).isSameAs(failure);
    assertThat(sentinel.isDone()).isTrue();
    assertThat(end.reject(failure)).isFalse();
  }

  @Test
  void theListLinksNodesInOrderAndUnlinksPassedOnes() {
    RunningMap<Integer, Integer> map = map(x -> x);
    PendingResult<Integer, Integer> first = PendingResult.task(map, 1);
    PendingResult<Integer, Integer> second = PendingResult.task(map, 2);

    assertThat(first.next()).isNull();
    first.link(second);
    assertThat(first.next()).isSameAs(second);
    first.unlink();
    assertThat(first.next()).isNull();
  }

  @Test
  void aTaskRunsUnderTheMapCallersContext() {
    List<String> log = new CopyOnWriteArrayList<>();
    ContextPropagator.Snapshot context =
        work -> {
          log.add("restore");
          work.run();
          log.add("reset");
        };
    PendingResult<Integer, Integer> task =
        PendingResult.task(
            map(
                x -> {
                  log.add("fn");
                  return x;
                },
                MapOptions.defaults(),
                context),
            1);

    task.run();

    assertThat(log).containsExactly("restore", "fn", "reset");
    assertThat(task.takeValueAt(0)).isEqualTo(1);
  }

  @Test
  void aContextThatFailsBeforeTheTaskFailsTheTask() {
    IllegalStateException failure = new IllegalStateException("restore");
    PendingResult<Integer, Integer> task =
        PendingResult.task(
            map(
                x -> x,
                MapOptions.defaults(),
                work -> {
                  throw failure;
                }),
            1);

    task.run();

    assertThat(calls).hasValue(0);
    assertThat(task.isFailed()).isTrue();
    assertThat(task.failure()).isSameAs(failure);
  }

  @Test
  void aContextThatFailsAfterTheTaskIsThrownToThePool() {
    IllegalStateException failure = new IllegalStateException("reset");
    PendingResult<Integer, Integer> task =
        PendingResult.task(
            map(
                x -> x,
                MapOptions.defaults(),
                work -> {
                  work.run();
                  throw failure;
                }),
            1);

    assertThatThrownBy(task::run).isSameAs(failure);
    assertThat(task.isFailed()).isFalse();
    assertThat(task.takeValueAt(0)).isEqualTo(1);
  }

  @Test
  void anAdaptiveMapMeasuresEachTask() {
    RunningMap<Integer, Integer> map =
        map(x -> x, MapOptions.defaults().withAdaptiveChunking(), null);
    assertThat(map.handOff().taskNanosPerInput()).isEqualTo(ChunkSizing.UNMEASURED);

    PendingResult.task(map, 1).run();

    assertThat(map.handOff().taskNanosPerInput()).isNotNegative();
  }

  @Test
  void aMapWithoutAdaptiveChunkingMeasuresNothing() {
    RunningMap<Integer, Integer> map = map(x -> x);

    PendingResult.task(map, 1).run();

    assertThat(map.handOff().taskNanosPerInput()).isEqualTo(ChunkSizing.UNMEASURED);
  }

  // ---- groups ----

  @Test
  void aGroupComputesEachInputInPlaceAndPublishesEachResult() {
    List<Integer> readyWhileRunning = new CopyOnWriteArrayList<>();
    PendingGroup<?, ?>[] self = new PendingGroup<?, ?>[1];
    RunningMap<Integer, Integer> map =
        map(
            x -> {
              readyWhileRunning.add(self[0].valuesReady());
              return x * 10;
            });
    PendingGroup<Integer, Integer> group = new PendingGroup<>(map, 3, 1, System.nanoTime());
    self[0] = group;
    group.tryAdd(2, 1);
    group.tryAdd(3, 2);
    group.seal();

    group.run();

    assertThat(readyWhileRunning).containsExactly(0, 1, 2);
    assertThat(group.isDone()).isTrue();
    assertThat(group.valuesReady()).isEqualTo(3);
    assertThat(group.isReady(2)).isTrue();
    assertThat(group.takeValueAt(0)).isEqualTo(10);
    assertThat(group.takeValueAt(1)).isEqualTo(20);
    assertThat(group.takeValueAt(2)).isEqualTo(30);
  }

  @Test
  void aGroupsPositionIsReadyOnceComputedWhileTheRestRuns() {
    PendingGroup<?, ?>[] self = new PendingGroup<?, ?>[1];
    boolean[][] ready = new boolean[3][];
    AtomicInteger at = new AtomicInteger();
    RunningMap<Integer, Integer> map =
        map(
            x -> {
              int i = at.getAndIncrement();
              ready[i] = new boolean[] {self[0].isReady(0), self[0].isReady(1)};
              return x;
            });
    PendingGroup<Integer, Integer> group = new PendingGroup<>(map, 3, 1, System.nanoTime());
    self[0] = group;
    group.tryAdd(2, 1);
    group.tryAdd(3, 2);

    group.run();

    assertThat(ready[0]).containsExactly(false, false);
    assertThat(ready[1]).containsExactly(true, false);
    assertThat(ready[2]).containsExactly(true, true);
  }

  @Test
  void aFailureEndsTheGroupAtItsPosition() {
    IllegalStateException failure = new IllegalStateException("at 2");
    RunningMap<Integer, Integer> map =
        map(
            x -> {
              if (x == 2) {
                throw failure;
              }
              return x;
            });
    PendingGroup<Integer, Integer> group = new PendingGroup<>(map, 3, 1, System.nanoTime());
    group.tryAdd(2, 1);
    group.tryAdd(3, 2);

    group.run();

    assertThat(calls).hasValue(2);
    assertThat(group.isFailed()).isTrue();
    assertThat(group.failure()).isSameAs(failure);
    assertThat(group.valuesReady()).isEqualTo(1);
    assertThat(group.takeValueAt(0)).isEqualTo(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void aStopEndsARunningGroupBetweenInputs() {
    RunningMap<Integer, Integer>[] self = new RunningMap[1];
    RunningMap<Integer, Integer> map =
        map(
            x -> {
              if (x == 2) {
                self[0].stop(StopReason.CLOSED);
              }
              return x;
            });
    self[0] = map;
    PendingGroup<Integer, Integer> group = new PendingGroup<>(map, 3, 1, System.nanoTime());
    group.tryAdd(2, 1);
    group.tryAdd(3, 2);

    group.run();

    assertThat(calls).hasValue(2);
    assertThat(group.isDone()).isTrue();
    assertThat(group.isFailed()).isFalse();
    assertThat(group.valuesReady()).isEqualTo(2);
  }

  @Test
  void aRejectedGroupIsSealedAndFailed() {
    RunningMap<Integer, Integer> map = map(x -> x);
    PendingGroup<Integer, Integer> group = new PendingGroup<>(map, 3, 1, System.nanoTime());
    RuntimeException refusal = new RuntimeException("refused");

    assertThat(group.reject(refusal)).isTrue();

    assertThat(group.seal()).isFalse();
    assertThat(group.tryAdd(2, 1)).isZero();
    assertThat(group.isFailed()).isTrue();
    assertThat(group.failure()).isSameAs(refusal);
    group.run();
    assertThat(calls).hasValue(0);
  }

  @Test
  void anAdaptiveGroupReportsItsPace() {
    RunningMap<Integer, Integer> map =
        map(x -> x, MapOptions.defaults().withAdaptiveChunking(), null);
    PendingGroup<Integer, Integer> group = new PendingGroup<>(map, 200, 0, System.nanoTime());
    for (int i = 1; i < 200; i++) {
      group.tryAdd(i, i);
    }

    group.run();

    assertThat(map.handOff().taskNanosPerInput()).isNotNegative();
    assertThat(group.valuesReady()).isEqualTo(200);
  }
}
