package dev.finpipe.pipelines.generate;

import java.util.EnumMap;
import java.util.Map;

/**
 * What a generator ({@link TransactionGenerator}, {@link ChangeGenerator}) has yielded so far, by kind. Not
 * thread-safe: read it on the generator's thread.
 */
public final class GeneratorStats {
  private final long[] byKind = new long[LineKind.values().length];
  private final long[] byInvalidKind = new long[InvalidKind.values().length];
  private long outOfOrder;
  private long extraFields;

  void count(LineKind kind, InvalidKind invalidKind) {
    byKind[kind.ordinal()]++;
    if (invalidKind != null) {
      byInvalidKind[invalidKind.ordinal()]++;
    }
  }

  void countOutOfOrder() {
    outOfOrder++;
  }

  void countExtraField() {
    extraFields++;
  }

  public long lines() {
    long lines = 0;
    for (long n : byKind) {
      lines += n;
    }
    return lines;
  }

  public long count(LineKind kind) {
    return byKind[kind.ordinal()];
  }

  public long count(InvalidKind kind) {
    return byInvalidKind[kind.ordinal()];
  }

  /** Invalid lines by kind, every kind listed. */
  public Map<InvalidKind, Long> invalidByKind() {
    Map<InvalidKind, Long> counts = new EnumMap<>(InvalidKind.class);
    for (InvalidKind kind : InvalidKind.values()) {
      counts.put(kind, count(kind));
    }
    return counts;
  }

  /** Events moved ahead of up to a few earlier ones; change records yielded after a later change of their entity. */
  public long outOfOrder() {
    return outOfOrder;
  }

  /** Valid lines that carry an unknown extra field. */
  public long extraFields() {
    return extraFields;
  }

  /** One line: {@code 1000 lines: 965 valid (10 with an extra field), 20 duplicates, ...}. */
  public String summary() {
    StringBuilder sb = new StringBuilder()
        .append(lines()).append(" lines: ")
        .append(count(LineKind.VALID)).append(" valid (").append(extraFields).append(" with an extra field), ")
        .append(count(LineKind.DUPLICATE)).append(" duplicates, ")
        .append(count(LineKind.LATE)).append(" late, ")
        .append(outOfOrder).append(" out of order, ")
        .append(count(LineKind.INVALID)).append(" invalid");
    String separator = " (";
    for (InvalidKind kind : InvalidKind.values()) {
      long n = count(kind);
      if (n > 0) {
        sb.append(separator).append(kind).append(' ').append(n);
        separator = ", ";
      }
    }
    return separator.equals(", ") ? sb.append(')').toString() : sb.toString();
  }
}
