/**
 * Dimension data kept with history (slowly changing dimensions, type 2), generic over the domain's change record: a
 * domain supplies functions for a record's entity key, its {@code updated_at} and whether it is a DELETE (else an
 * UPSERT), and a keep order. {@link dev.finpipe.history.HistoryRules} holds the rules as pure functions,
 * {@link dev.finpipe.history.MergeHistory} applies them to a batch, {@link dev.finpipe.history.Version} is one stored
 * version, encoded by {@link dev.finpipe.history.VersionCoder}.
 *
 * <p>Semantics:
 *
 * <ul>
 *   <li>The history of a key is the list of its distinct changes ordered by {@code updated_at}. Two changes of one key
 *       with the same {@code updated_at} are the same change (duplicates): a change already in the stored history
 *       always wins over an incoming copy, and among incoming copies the smallest by the keep order (a total order)
 *       is kept. So re-running a batch changes nothing.
 *   <li>Each UPSERT opens a version: {@code valid_from} is its {@code updated_at}, {@code valid_to} the
 *       {@code updated_at} of the key's next change (UPSERT or DELETE), null if there is none; {@code is_current} is
 *       {@code valid_to == null}. A DELETE opens no version; it closes the version before it. An UPSERT after a
 *       DELETE re-creates the entity with a new version. A DELETE with no version before it (nothing before it, or
 *       another DELETE) closes nothing and is counted ({@code deletes_without_version}).
 *   <li>Out-of-order arrival needs nothing special: a change older than stored ones takes its place in the history,
 *       splitting the stored version it falls in (that version's {@code valid_to} becomes the change's
 *       {@code updated_at}); a change older than every stored one opens a version closed by the first stored change.
 *   <li>The stored history holds only versions, no tombstone rows. A DELETE's time is recovered from them: a version
 *       whose {@code valid_to} is not the {@code valid_from} of a following version was closed by a DELETE at
 *       {@code valid_to}. {@code changesOf(stored)} recovers a key's changes (the UPSERT records and the implied
 *       DELETEs), {@code versionsOf(changes)} rebuilds the versions, and {@code versionsOf(changesOf(v)) == v}.
 *       Merging is {@code versionsOf(dedupe(changesOf(stored) ∪ incoming))}. A DELETE that closes nothing leaves no
 *       trace: an UPSERT older than it that arrives later opens a version that stays current.
 *   <li>A merge reports per key whether its versions changed. Keys whose versions did not change (only duplicates,
 *       or only DELETEs closing nothing) are reported unchanged with their stored versions, so a stage need not
 *       rewrite the files holding them.
 * </ul>
 */
package dev.finpipe.history;
