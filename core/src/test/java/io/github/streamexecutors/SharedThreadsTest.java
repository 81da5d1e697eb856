package io.github.streamexecutors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The JVM-wide threads: daemons, named, created on demand and ended when idle. */
class SharedThreadsTest {

  @Test
  void theFeederPoolRunsOnAsManyThreadsAsProcessorsAndAtLeastFour() {
    assertThat(SharedThreads.feeders().size())
        .isEqualTo(Math.max(4, Runtime.getRuntime().availableProcessors()));
  }

  @Test
  void theTimerIsOneDaemonThatEndsWhenIdle() throws Exception {
    CompletableFuture<Thread> ranOn = new CompletableFuture<>();

    SharedThreads.timer()
        .schedule(() -> ranOn.complete(Thread.currentThread()), 1, TimeUnit.MILLISECONDS);

    Thread thread = ranOn.get(10, TimeUnit.SECONDS);
    assertThat(thread.isDaemon()).isTrue();
    assertThat(thread.getName()).isEqualTo("stream-executors-timer");
    ScheduledThreadPoolExecutor timer = (ScheduledThreadPoolExecutor) SharedThreads.timer();
    assertThat(timer.getCorePoolSize()).isEqualTo(1);
    assertThat(timer.allowsCoreThreadTimeOut()).isTrue();
    assertThat(timer.getKeepAliveTime(TimeUnit.SECONDS))
        .isEqualTo(SharedThreads.KEEP_ALIVE_SECONDS);
    assertThat(timer.getRemoveOnCancelPolicy()).isTrue();
  }
}
