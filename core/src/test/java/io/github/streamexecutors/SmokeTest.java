package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void mapsInOrder() {
    StreamTaskExecutor ex = new StreamTaskExecutor(Executors.newFixedThreadPool(4));
    List<Integer> in = IntStream.range(0, 10000).boxed().collect(Collectors.toList());
    try (Stream<Integer> out = ex.map((Integer x) -> x * 2, in, 3)) {
      assertThat(out.collect(Collectors.toList()))
          .isEqualTo(in.stream().map(x -> x * 2).collect(Collectors.toList()));
    }
    Stream<Integer> p =
        ex.map((Integer x) -> x + 1, ex.map((Integer x) -> x * 2, in.stream(), 1), 1);
    assertThat(p.limit(5).collect(Collectors.toList())).containsExactly(1, 3, 5, 7, 9);
    assertThat(ex.activeMaps()).isLessThanOrEqualTo(2);
    ex.shutdown();
  }
}
