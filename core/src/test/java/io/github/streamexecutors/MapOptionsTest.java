package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A map's options: immutable, each bound checked at its edge. */
class MapOptionsTest {

  private final TestExecutors executors = new TestExecutors();

  @AfterEach
  void shutDownPools() {
    executors.close();
  }

  @Test
  void theDefaultsUseTheExecutorsBufferAndNoChunking() {
    MapOptions defaults = MapOptions.defaults();

    assertThat(defaults.bufferSize()).isZero();
    assertThat(defaults.chunkSize()).isEqualTo(1);
    assertThat(defaults.adaptiveChunking()).isFalse();
    assertThat(defaults).hasToString("MapOptions[bufferSize=default, chunking=off]");
  }

  @Test
  void theChunkSizeMayBeOneOrTheMaximum() {
    assertThat(MapOptions.defaults().withChunkSize(1).chunkSize()).isEqualTo(1);
    assertThat(MapOptions.defaults().withChunkSize(MapOptions.MAX_CHUNK_SIZE).chunkSize())
        .isEqualTo(MapOptions.MAX_CHUNK_SIZE);
  }

  @Test
  void aChunkSizeOutsideOneToTheMaximumIsRejectedSayingWhatIsAllowed() {
    assertThatThrownBy(() -> MapOptions.defaults().withChunkSize(MapOptions.MAX_CHUNK_SIZE + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkSize must be between 1 and 65536, was 65537");
    assertThatThrownBy(() -> MapOptions.defaults().withChunkSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkSize must be between 1 and 65536, was 0");
  }

  @Test
  void aBufferSizeOfOneOrUnboundedIsAcceptedAndBelowOneRejected() {
    assertThat(MapOptions.defaults().withBufferSize(1).bufferSize()).isEqualTo(1);
    assertThat(MapOptions.defaults().withBufferSize(StreamTaskExecutor.UNBOUNDED).bufferSize())
        .isEqualTo(StreamTaskExecutor.UNBOUNDED);
    assertThatThrownBy(() -> MapOptions.defaults().withBufferSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bufferSize must be at least 1, or StreamTaskExecutor.UNBOUNDED, was 0");
  }

  @Test
  void eachSettingKeepsTheOthers() {
    MapOptions fixed = MapOptions.defaults().withChunkSize(8).withBufferSize(100);
    assertThat(fixed.bufferSize()).isEqualTo(100);
    assertThat(fixed.chunkSize()).isEqualTo(8);
    assertThat(fixed.adaptiveChunking()).isFalse();
    assertThat(fixed).hasToString("MapOptions[bufferSize=100, chunking=fixed 8]");

    MapOptions adaptive = fixed.withAdaptiveChunking();
    assertThat(adaptive.bufferSize()).isEqualTo(100);
    assertThat(adaptive.chunkSize()).isEqualTo(1);
    assertThat(adaptive.adaptiveChunking()).isTrue();
    assertThat(adaptive).hasToString("MapOptions[bufferSize=100, chunking=adaptive]");

    MapOptions fixedAgain = adaptive.withChunkSize(2);
    assertThat(fixedAgain.adaptiveChunking()).isFalse();
    assertThat(fixedAgain.chunkSize()).isEqualTo(2);
    assertThat(fixedAgain.bufferSize()).isEqualTo(100);
  }

  @Test
  void aMapWithTheLargestChunkSizeDeliversEveryResultInOrder() {
    StreamTaskExecutor executor = executors.executor(2, 16);
    MapOptions options =
        MapOptions.defaults()
            .withBufferSize(StreamTaskExecutor.UNBOUNDED)
            .withChunkSize(MapOptions.MAX_CHUNK_SIZE);

    try (Stream<Integer> results =
        executor.map((Integer x) -> x * 2, IntStream.range(0, 1000).boxed(), options)) {
      assertThat(results.toList())
          .isEqualTo(IntStream.range(0, 1000).map(x -> x * 2).boxed().toList());
    }
  }
}
