package dev.finpipe.launcher.plan;

import java.nio.file.Path;

/**
 * One thing wrong with a plan file, and the line it is on ({@code 0} when the problem is the file as a whole).
 * Printed as {@code file:line: message}, the form editors and terminals turn into a link.
 */
public record PlanError(Path file, int line, String message) {

  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
  }
}
