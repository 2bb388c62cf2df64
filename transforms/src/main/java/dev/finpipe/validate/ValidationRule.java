package dev.finpipe.validate;

import dev.finpipe.model.Transaction;
import java.io.Serializable;
import org.joda.time.Instant;

/** One named expectation over a transaction. {@code now} is the run's clock, fixed when the run starts. */
public interface ValidationRule extends Serializable {
  String name();

  /** One line for docs and error messages. */
  String description();

  boolean passes(Transaction tx, Instant now);
}
