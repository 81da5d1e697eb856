package io.github.streamexecutors.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.streamexecutors.sample.corpus.Corpus;
import java.util.IntSummaryStatistics;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CorpusTest {

  private final Corpus corpus = new Corpus();

  @Test
  void samePageNumberGivesTheSameText() {
    assertThat(new Corpus().page(42)).isEqualTo(corpus.page(42));
  }

  @Test
  void pageNContainsPythonExactlyNModSevenTimes() {
    Pattern python = Pattern.compile("\\bpython\\b");
    for (int n = 1; n <= 200; n++) {
      Matcher matcher = python.matcher(corpus.page(n).toLowerCase(Locale.ROOT));
      int found = 0;
      while (matcher.find()) {
        found++;
      }
      assertThat(found).as("page %d", n).isEqualTo(Corpus.pythonCount(n));
    }
  }

  @Test
  void pageSizesVary() {
    IntSummaryStatistics sizes =
        IntStream.rangeClosed(1, 500).map(n -> corpus.page(n).length()).summaryStatistics();
    assertThat(sizes.getMax()).isGreaterThan(4 * sizes.getMin());
    assertThat(IntStream.rangeClosed(1, 50).map(n -> corpus.page(n).length()).distinct().count())
        .isGreaterThan(40);
  }

  @Test
  void everyTenthPageIsSlow() {
    assertThat(IntStream.rangeClosed(1, 30).filter(Corpus::isSlow)).containsExactly(10, 20, 30);
  }

  @Test
  void pagesStartAtOne() {
    assertThatIllegalArgumentException().isThrownBy(() -> corpus.page(0));
  }
}
