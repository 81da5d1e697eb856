package io.github.streamexecutors.sample.wordcount;

/**
 * One line of a {@code /wordcount} answer: how often {@code word} occurs on page {@code page},
 * which is {@code bytes} long.
 */
public record WordCount(int page, String word, int count, int bytes) {}
