package io.github.streamexecutors.autoconfigure;

import io.github.streamexecutors.ContextPropagator;
import org.springframework.core.task.TaskDecorator;

/**
 * The application's {@link TaskDecorator} as a map's {@link ContextPropagator}: the decorator runs
 * once per map, on the thread that calls {@code map}, and its decorated runnable then wraps every
 * source read and task of that map.
 *
 * <p>A decorator captures when it decorates (Spring's {@code ContextPropagatingTaskDecorator} takes
 * a {@code ContextSnapshot} then) and applies the capture when the decorated runnable runs. So
 * {@link #capture()} decorates one trampoline, and each {@code Snapshot.run(work)} runs that one
 * decorated runnable with {@code work} handed to the trampoline through a thread-local. The
 * decorated runnable is run many times and by many threads at once: decorators that capture
 * immutable state, as Spring's and the usual MDC-copying ones do, allow that.
 */
final class TaskDecoratorContextPropagator implements ContextPropagator {

  /** The work the trampoline runs next on this thread; null once it has been taken. */
  private static final ThreadLocal<Runnable> WORK = new ThreadLocal<>();

  private static final Runnable TRAMPOLINE =
      () -> {
        Runnable work = WORK.get();
        if (work != null) {
          WORK.set(null);
          work.run();
        }
      };

  private final TaskDecorator decorator;

  TaskDecoratorContextPropagator(TaskDecorator decorator) {
    this.decorator = decorator;
  }

  @Override
  public Snapshot capture() {
    Runnable decorated = this.decorator.decorate(TRAMPOLINE);
    return (work) -> run(decorated, work);
  }

  private void run(Runnable decorated, Runnable work) {
    Runnable outer = WORK.get(); // a task the feeder runs itself (CallerRunsPolicy): nested
    WORK.set(work);
    boolean ran;
    try {
      decorated.run();
    } finally {
      ran = WORK.get() == null;
      if (outer == null) {
        WORK.remove();
      } else {
        WORK.set(outer);
      }
    }
    if (!ran) {
      throw new IllegalStateException(
          "TaskDecorator " + this.decorator + " did not run the task it decorated");
    }
  }

  @Override
  public String toString() {
    return "TaskDecoratorContextPropagator[" + this.decorator + "]";
  }
}
