package dev.finpipe.model;

import org.joda.time.Instant;

/**
 * A change of an entity (a customer, an account): its {@link #recordId()} is the entity's id, its event time the
 * change's {@code updated_at}, and it either sets the entity's attributes ({@code UPSERT}) or deletes it.
 */
public interface ChangeRecord extends DomainRecord {
  /** When the change was made at the source: the change's event time. */
  Instant getUpdatedAt();

  @Override
  default Instant getEventTime() {
    return getUpdatedAt();
  }

  /** Each change of an entity is a record of its own: the id and the change's time. */
  @Override
  default String dedupeId() {
    return ChangeOps.changeId(recordId(), getUpdatedAt());
  }

  /** {@link ChangeOps#UPSERT} or {@link ChangeOps#DELETE} (anything else is refused by the rule {@code op_known}). */
  String getOp();

  default boolean isDelete() {
    return ChangeOps.DELETE.equals(getOp());
  }

  default boolean isUpsert() {
    return ChangeOps.UPSERT.equals(getOp());
  }
}
