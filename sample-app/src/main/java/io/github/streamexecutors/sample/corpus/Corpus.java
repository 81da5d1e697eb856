package io.github.streamexecutors.sample.corpus;

import java.util.SplittableRandom;
import org.springframework.stereotype.Component;

/**
 * A deterministic corpus of generated pages, numbered from 1. Page {@code n} has between 40 and 439
 * filler words and contains the word "python" exactly {@code n % 7} times, in mixed case and next
 * to punctuation, so a word count over it has a known answer. The same number always gives the same
 * text.
 */
@Component
public final class Corpus {

  /** The word whose count per page is known: {@link #pythonCount(int)}. */
  public static final String KNOWN_WORD = "python";

  private static final String[] FILLER = {
    "stream",
    "executor",
    "buffer",
    "feeder",
    "pool",
    "task",
    "result",
    "order",
    "bound",
    "page",
    "queue",
    "thread",
    "pipeline",
    "consumer",
    "producer",
    "the",
    "a",
    "of",
    "and",
    "to",
    "in",
    "java",
    "spring",
    "lazy",
    "close",
    "map",
    "word",
    "count",
    "upload",
    "download",
    "pythons"
  };
  private static final String[] KNOWN_WORD_FORMS = {"python", "Python", "PYTHON", "python,"};

  /** How often {@link #KNOWN_WORD} occurs on page {@code n}. */
  public static int pythonCount(int n) {
    return n % 7;
  }

  /** Whether page {@code n} is one of the slow ones (every tenth). */
  public static boolean isSlow(int n) {
    return n % 10 == 0;
  }

  /** The text of page {@code n}, at least 1. */
  public String page(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("page numbers start at 1, was " + n);
    }
    SplittableRandom random = new SplittableRandom(n);
    int fillerWords = 40 + (int) ((n * 7919L) % 400);
    int knownWords = pythonCount(n);
    int total = fillerWords + knownWords;
    StringBuilder text = new StringBuilder(total * 8);
    text.append("Page ").append(n).append('\n');
    int knownLeft = knownWords;
    for (int i = 0; i < total; i++) {
      boolean known = random.nextInt(total - i) < knownLeft;
      if (known) {
        knownLeft--;
        text.append(KNOWN_WORD_FORMS[random.nextInt(KNOWN_WORD_FORMS.length)]);
      } else {
        text.append(FILLER[random.nextInt(FILLER.length)]);
      }
      text.append(i % 12 == 11 ? ".\n" : " ");
    }
    return text.append('\n').toString();
  }
}
