package dev.finpipe.model;

import java.util.Comparator;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * What every parsed record of a domain (a transaction, a customer change, ...) carries, whatever else it holds: its
 * id, its event time, and where it came from. The generic silver steps (rules, late routing, dedupe, quarantine)
 * need no more than this.
 */
public interface DomainRecord {
  /**
   * The total order that picks the one kept of several copies of a record (dedupe, a change delivered twice): event
   * time, then ingestion time, then source coordinates ({@link SourceRef#ORDER}: offsets and lines as numbers), then
   * payload (absent payloads first).
   */
  Comparator<DomainRecord> KEEP_ORDER =
      Comparator.comparing(DomainRecord::getEventTime)
          .thenComparing(DomainRecord::getIngestedAt)
          .thenComparing(DomainRecord::getSourceRef, SourceRef.ORDER)
          .thenComparing(DomainRecord::getPayload, Comparator.nullsFirst(Comparator.<String>naturalOrder()));

  /** The domain's id of the record (a transaction id, a customer id); what quarantine rows name. */
  String recordId();

  /**
   * What dedupe keeps once per window: the record id for events; for change records the id and the change's time,
   * since each change of an entity is a record of its own.
   */
  default String dedupeId() {
    return recordId();
  }

  /** The event time: when a transaction happened, when a change was made. */
  Instant getEventTime();

  Instant getIngestedAt();

  SourceRef getSourceRef();

  /** The raw payload, kept until the record is past every step that may quarantine it; null after. */
  @Nullable String getPayload();
}
