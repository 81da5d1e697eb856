package io.github.streamexecutors;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/*
 * Runs one map's feeding loop as a task on the feeder executor: one run while the map has buffer
 * space and input, none while it waits for the consumer. HandOff's token guarantees that at most
 * one run is started per resumption and that a run's successor starts only after the run gave the
 * token up; the two may overlap by the few instructions of the old run's exit, which touch only
 * the run's own record here.
 *
 * While a run is in flight its thread carries the map's name (a thread dump shows which map a
 * feeder serves), and a stop interrupts it (freeing a source blocked in an interruptible wait).
 * The pool thread goes on to other work afterwards, so the interrupt must not outlive the run:
 * stop and exit synchronize on this scheduler, and the run that was interrupted clears its own
 * thread's status as it exits, whether or not a successor has started meanwhile.
 */
final class FeederScheduler implements Runnable {

  /** One run: its thread, and whether a stop interrupted it. Guarded by the scheduler. */
  private static final class Run {
    final Thread thread;
    boolean interrupted;

    Run(Thread thread) {
      this.thread = thread;
    }
  }

  /**
   * What the feeder executor is given for one run: it forgets the scheduler as the run starts, so
   * that whatever keeps it afterwards (JDK 21+ keeps an ended thread's Runnable, so a feeder
   * executor that starts a thread per run leaves one per run) leads to nothing of the map: not its
   * source, which in a pipeline leads to the stage before's buffered results.
   */
  private static final class Launch implements Runnable {
    private FeederScheduler scheduler;

    Launch(FeederScheduler scheduler) {
      this.scheduler = scheduler;
    }

    @Override
    public void run() {
      FeederScheduler once = scheduler;
      scheduler = null;
      if (once != null) {
        once.run();
      }
    }
  }

  private final Executor feederExecutor;
  private final Runnable feedingLoop;
  private final Consumer<Throwable> refused;
  private final String runName;
  private Run current;

  /**
   * @param refused told when the feeder executor refuses a resumption (the token is then the
   *     caller's: nothing else runs the loop)
   */
  FeederScheduler(
      Executor feederExecutor, Runnable feedingLoop, Consumer<Throwable> refused, String runName) {
    this.feederExecutor = feederExecutor;
    this.feedingLoop = feedingLoop;
    this.refused = refused;
    this.runName = runName;
  }

  /** The first run, from map(): a refusal is thrown to map()'s caller. */
  void start() {
    feederExecutor.execute(new Launch(this));
  }

  /** A later run, by the thread that took the token. */
  void resume() {
    try {
      feederExecutor.execute(new Launch(this));
    } catch (RuntimeException | Error refusal) {
      refused.accept(refusal);
    }
  }

  @Override
  public void run() {
    Thread thread = Thread.currentThread();
    Run run = new Run(thread);
    synchronized (this) {
      current = run;
    }
    String name = thread.getName();
    thread.setName(runName);
    try {
      feedingLoop.run();
    } finally {
      synchronized (this) {
        if (current == run) {
          current = null;
        }
        if (run.interrupted) {
          Thread.interrupted();
        }
      }
      thread.setName(name);
    }
  }

  /** The map stopped: interrupts the run in flight, unless the stopping thread is its own. */
  void interruptRun() {
    synchronized (this) {
      Run run = current;
      if (run != null && run.thread != Thread.currentThread()) {
        run.interrupted = true;
        run.thread.interrupt();
      }
    }
  }

  /** The thread of the run in flight, or null: for tests and figures. */
  synchronized Thread runner() {
    Run run = current;
    return run == null ? null : run.thread;
  }
}
