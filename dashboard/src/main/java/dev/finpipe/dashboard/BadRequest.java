package dev.finpipe.dashboard;

/** A request the API refuses; the server answers it with {@link #status()} and the message as JSON. */
public final class BadRequest extends RuntimeException {
  private final int status;

  public BadRequest(int status, String message) {
    super(message);
    this.status = status;
  }

  public static BadRequest badRequest(String message) {
    return new BadRequest(400, message);
  }

  public static BadRequest notFound(String message) {
    return new BadRequest(404, message);
  }

  public int status() {
    return status;
  }
}
