package io.github.streamexecutors.sample;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Watches the page server from inside the application under test: counts the page requests that
 * arrive and the pages served, and can hold one page until the test releases it. This is how the
 * tests know what the download stage did without timing it.
 */
final class PageServerProbe extends OncePerRequestFilter {

  private static final Pattern PAGE = Pattern.compile("/pages/(\\d+)");

  private final AtomicInteger requested = new AtomicInteger();
  private final Set<Integer> served = ConcurrentHashMap.newKeySet();
  private volatile int heldPage = -1;
  private volatile CountDownLatch release = new CountDownLatch(0);

  /** Forgets what was seen and holds nothing. */
  void reset() {
    release();
    requested.set(0);
    served.clear();
    heldPage = -1;
  }

  /** Page {@code n} is answered only after {@link #release()}. */
  void hold(int n) {
    release = new CountDownLatch(1);
    heldPage = n;
  }

  void release() {
    release.countDown();
  }

  /** How many page requests have arrived. */
  int requested() {
    return requested.get();
  }

  /** Whether page {@code n} has been answered. */
  boolean served(int n) {
    return served.contains(n);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Matcher page = PAGE.matcher(request.getRequestURI());
    if (!page.matches()) {
      chain.doFilter(request, response);
      return;
    }
    requested.incrementAndGet();
    int n = Integer.parseInt(page.group(1));
    if (n == heldPage) {
      awaitRelease();
    }
    chain.doFilter(request, response);
    served.add(n);
  }

  private void awaitRelease() throws ServletException {
    try {
      if (!release.await(60, TimeUnit.SECONDS)) {
        throw new ServletException("the test never released page " + heldPage);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServletException(e);
    }
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Config {
    @Bean
    PageServerProbe pageServerProbe() {
      return new PageServerProbe();
    }
  }
}
