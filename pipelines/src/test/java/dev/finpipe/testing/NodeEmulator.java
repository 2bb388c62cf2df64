package dev.finpipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.rules.ExternalResource;

/**
 * A storage emulator from the npm registry as a child process of the test, on loopback: installed on first use by
 * {@code scripts/emulators.sh}, its data in a temporary folder (deleted at the end), its log in
 * {@code target/<tool>-<port>.log} (kept for diagnosis), stopped by the pid this rule recorded when it started it.
 */
public abstract class NodeEmulator extends ExternalResource {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final String tool;
  private Path dataDir;
  private Path log;
  private int port;
  private Process process;
  private long pid;
  private Thread shutdownHook;

  protected NodeEmulator(String tool) {
    this.tool = tool;
  }

  /** The loopback port to listen on; called once, before the start. */
  protected abstract int choosePort() throws IOException;

  /** The Node.js options and the tool's arguments around its entry point {@code bin}. */
  protected abstract List<String> command(String bin, Path dataDir, int port);

  /** After the server accepts connections. */
  protected void started() {}

  /** Before the server is stopped. */
  protected void stopping() {}

  public final int port() {
    return port;
  }

  /** The emulator's data folder. */
  protected final Path dataDir() {
    return dataDir;
  }

  /** The emulator's own log. */
  public final Path log() {
    return log;
  }

  /** The process id of the server this rule started (and stops). */
  public final long pid() {
    return pid;
  }

  @Override
  protected final void before() throws Throwable {
    Path root = LocalKafkaBroker.projectRoot();
    Process install =
        new ProcessBuilder("bash", root.resolve("scripts/emulators.sh").toString(), "install", tool)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String bin = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (install.waitFor() != 0 || bin.isEmpty()) {
      throw new IllegalStateException("scripts/emulators.sh install " + tool + " failed (exit " + install.exitValue() + ")");
    }
    dataDir = Files.createTempDirectory("finpipe-" + tool + "-");
    port = choosePort();
    Files.createDirectories(Path.of("target"));
    log = Path.of("target", tool + "-" + port + ".log").toAbsolutePath();
    List<String> command = new ArrayList<>(List.of("node"));
    command.addAll(command(bin, dataDir, port));
    process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    pid = process.pid();
    shutdownHook = new Thread(process::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Await.until(tool + " (pid " + pid + ") on 127.0.0.1:" + port + " (log " + log + ")", START_TIMEOUT, () -> {
      if (!process.isAlive()) {
        throw new IllegalStateException(tool + " exited at start: " + readQuietly(log));
      }
      return accepts(port);
    });
    started();
  }

  @Override
  protected final void after() {
    stopping();
    if (process != null) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
      try {
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    }
    if (dataDir != null) {
      try (Stream<Path> paths = Files.walk(dataDir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Whether the server this rule started is still running (false once it stopped it). */
  public final boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Whether something listens on that loopback port. */
  protected static boolean accepts(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String readQuietly(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log)";
    }
  }
}
