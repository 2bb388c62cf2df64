package dev.finpipe.launcher.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Ends a process with everything it started. {@code make} runs a shell that runs a JVM: destroying only {@code make}
 * would leave the Spark job running. Each process gets SIGTERM first (a JVM runs its shutdown hooks), and SIGKILL
 * if it is still there after the grace period.
 */
public final class ProcessTree {
  private ProcessTree() {}

  public static void destroy(ProcessHandle root, Duration grace) {
    // Children first in the list, collected before anything dies and gets re-parented.
    List<ProcessHandle> tree = Stream.concat(root.descendants(), Stream.of(root)).collect(Collectors.toList());
    tree.forEach(ProcessHandle::destroy);
    CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(exits).get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }

  /**
   * The live process with this pid that started at {@code startedAt} (as recorded in the state file), so that a pid
   * reused by an unrelated process is never touched.
   */
  public static Optional<ProcessHandle> find(long pid, String startedAt) {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(h -> startedAt == null
            || h.info().startInstant().map(Instant::toString).map(startedAt::equals).orElse(false));
  }
}
