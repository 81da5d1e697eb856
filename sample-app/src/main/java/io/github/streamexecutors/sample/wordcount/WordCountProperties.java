package io.github.streamexecutors.sample.wordcount;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of {@code /wordcount} ({@code sample.wordcount.*}).
 *
 * @param maxPages the most pages one request may ask for
 */
@ConfigurationProperties("sample.wordcount")
public record WordCountProperties(@DefaultValue("10000") int maxPages) {}
