package io.github.streamexecutors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/** A pool whose tasks wait in a queue until the test runs them: task timing under test control. */
final class ManualExecutor extends AbstractExecutorService {

  private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private volatile boolean shutdown;

  @Override
  public void execute(Runnable command) {
    if (shutdown) {
      throw new RejectedExecutionException("manual executor is shut down");
    }
    queue.add(command);
  }

  int queued() {
    return queue.size();
  }

  /** Runs the queued tasks on the calling thread, in submission order; returns how many ran. */
  int runQueued() {
    List<Runnable> tasks = new ArrayList<>();
    queue.drainTo(tasks);
    tasks.forEach(Runnable::run);
    return tasks.size();
  }

  /** Runs the oldest queued task on the calling thread. */
  void runOne() {
    Runnable task = queue.poll();
    if (task == null) {
      throw new IllegalStateException("no queued task");
    }
    task.run();
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> neverRun = new ArrayList<>();
    queue.drainTo(neverRun);
    return neverRun;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown && queue.isEmpty();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }
}
