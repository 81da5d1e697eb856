package io.github.streamexecutors.sample.wordcount;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** A downloaded page: its number and text. */
record Page(int number, String text) {

  private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  /** Counts {@code word} in the text: whole words, ignoring case. */
  WordCount count(String word) {
    int count = 0;
    for (String token : NOT_A_WORD.split(text)) {
      if (token.equalsIgnoreCase(word)) {
        count++;
      }
    }
    return new WordCount(number, word, count, text.getBytes(StandardCharsets.UTF_8).length);
  }
}
