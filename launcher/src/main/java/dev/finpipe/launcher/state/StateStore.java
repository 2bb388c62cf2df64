package dev.finpipe.launcher.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The state file, kept in memory and written whole after every change: to a temporary file in the same folder,
 * forced to disk, then renamed over the old one. A reader (or a launcher restarted after {@code kill -9}) therefore
 * sees either the previous state or the next, never half of one.
 */
public final class StateStore {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path file;
  private final Clock clock;
  private LaunchState state;

  /** Starts keeping {@code initial} in {@code file}, writing it at once (which also proves the file is writable). */
  public StateStore(Path file, LaunchState initial, Clock clock) {
    this.file = file;
    this.clock = clock;
    this.state = initial;
    write(initial);
  }

  /** The state in {@code file}, or empty when there is no such file. */
  public static Optional<LaunchState> read(Path file) {
    try {
      LaunchState state = JSON.readValue(Files.readAllBytes(file), LaunchState.class);
      if (state.version() != LaunchState.VERSION) {
        throw new StateException(file + " is a state file of version " + state.version() + "; this launcher reads "
            + LaunchState.VERSION);
      }
      return Optional.of(state);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StateException("cannot read the state file " + file + ": " + e.getMessage(), e);
    }
  }

  public Path file() {
    return file;
  }

  public synchronized LaunchState current() {
    return state;
  }

  public synchronized StepState step(String name) {
    return state.steps().get(name);
  }

  /** Applies {@code change} to the step's state and writes the file before returning. */
  public synchronized StepState update(String name, UnaryOperator<StepState> change) {
    StepState changed = change.apply(state.steps().get(name));
    LaunchState next = state.withStep(changed, clock.instant().toString());
    write(next);
    state = next;
    return changed;
  }

  private void write(LaunchState next) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        Files.write(temp, JSON.writeValueAsBytes(next));
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        move(temp);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new StateException("cannot write the state file " + file + ": " + e.getMessage(), e);
    }
  }

  private void move(Path temp) throws IOException {
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
