package io.github.streamexecutors;

import static io.github.streamexecutors.TestExecutors.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code map} returns at once, and the source is opened and read on the map's feeder thread. */
class NonBlockingTest {

  private static final Duration RETURNS_WITHIN = Duration.ofSeconds(5);

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  static Stream<Arguments> overloadsAndBlockPoints() {
    return Arrays.stream(MapOverload.values())
        .flatMap(
            overload ->
                Arrays.stream(TestSource.Point.values())
                    .filter(point -> overload.opensSource() || point != TestSource.Point.OPEN)
                    .map(point -> Arguments.of(overload, point)));
  }

  @ParameterizedTest(name = "{0}, source blocks in {1}")
  @MethodSource("overloadsAndBlockPoints")
  void mapReturnsWhileTheSourceBlocksForever(MapOverload overload, TestSource.Point point) {
    StreamTaskExecutor executor = executors.executor(2, 4);
    CountDownLatch never = new CountDownLatch(1);
    TestSource source = TestSource.infinite().blockAt(point, never);
    AtomicReference<Thread> caller = new AtomicReference<>();

    Stream<Integer> results =
        assertTimeoutPreemptively(
            RETURNS_WITHIN,
            () -> {
              caller.set(Thread.currentThread());
              return overload.map(executor, x -> x, source, 4);
            });

    try (results) {
      Thread blocked = eventually().until(source::blockedOn, thread -> thread != null);
      assertThat(blocked).isNotSameAs(caller.get());
      assertThat(blocked.getName()).startsWith("stream-executors-feeder-" + executor.name() + "-");
      assertThat(blocked.isDaemon()).isTrue();
      assertThat(source.pulls()).isZero();
    }
    assertThat(source.closes()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(MapOverload.class)
  void sourceIsOpenedAndReadOnTheFeederThreadOnly(MapOverload overload) {
    StreamTaskExecutor executor = executors.executor(2, 3);
    TestSource source = TestSource.of(20);

    try (Stream<Integer> results = overload.map(executor, x -> x + 1, source, 3)) {
      assertThat(results.toList()).hasSize(20);
      // The feeder returns its thread whenever the buffer is full: its runs may take turns on
      // several shared threads, each named after the map while it feeds.
      assertThat(source.readerNames())
          .containsExactly("stream-executors-feeder-" + executor.name() + "-1");
      assertThat(source.readOn()).isNotSameAs(Thread.currentThread());
      if (overload.opensSource()) {
        assertThat(source.openedOn()).isNotSameAs(Thread.currentThread());
      }
    }
  }

  @Test
  void feederRunsOnSharedDaemonsNamedAfterTheMapWhileTheyFeed() {
    StreamTaskExecutor executor = executors.executor(1, 1);
    TestSource source = TestSource.infinite();
    try (Stream<Integer> results = executor.map(x -> x, source.asIterable())) {
      assertThat(results.limit(50).toList()).hasSize(50);
      assertThat(source.readOnNonDaemon()).isFalse();
      assertThat(source.readerNames())
          .containsExactly("stream-executors-feeder-" + executor.name() + "-1");
    }
    // Between runs, and after the map, the shared threads carry their own names again.
    eventually().until(() -> TestExecutors.feederThreads(executor).isEmpty());
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(
            thread -> thread.getName().startsWith("stream-executors-feeder-" + executor.name()));
  }
}
