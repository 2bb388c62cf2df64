package dev.finpipe.model;

import org.joda.time.Instant;

/** The operations of change records, and the identity of one change. */
public final class ChangeOps {
  public static final String UPSERT = "UPSERT";
  public static final String DELETE = "DELETE";

  private ChangeOps() {}

  /** One change of an entity: its id and the change's time, e.g. {@code U-000001@2026-11-20T10:00:00.000Z}. */
  public static String changeId(String entityId, Instant updatedAt) {
    return entityId + "@" + updatedAt;
  }
}
