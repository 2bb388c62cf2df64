package dev.finpipe.domain;

import com.google.auto.value.AutoValue;
import dev.finpipe.io.TableFormat;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
import dev.finpipe.io.VersionRows;
import dev.finpipe.model.ChangeRecord;
import dev.finpipe.model.DomainRecord;
import dev.finpipe.parse.ParseRecords;
import dev.finpipe.parse.RecordReader;
import dev.finpipe.validate.ValidateRecords;
import dev.finpipe.validate.ValidationRule;
import dev.finpipe.validate.ValidationRules;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.SerializableFunction;
import java.util.List;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One source of the lakehouse (an entity: transactions, customers, ...), declared once: its name (which names its
 * tables, topic, input folder and app ids), its record type, the reader of its input contract, its named rules, the
 * column that holds its id, and the format of its silver rows. The generic stages run any domain from this alone.
 *
 * <p>Tables: {@code bronze/<name>} (payloads as ingested, the same columns for every domain),
 * {@code silver/<name>} (the domain's own columns) and {@code quarantine/<name>} (refusals with reasons; the id
 * column is named after the domain's id, e.g. {@code transaction_id}).
 */
@AutoValue
public abstract class Domain<T extends DomainRecord> implements Serializable {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  /** How a domain's records become silver. */
  public enum Kind {
    /** Facts, each kept once: deduplicated per event-time window, late ones routed to quarantine (transactions). */
    EVENTS,
    /** Change records of an entity, kept as history (SCD type 2) with a current-state table (customers, accounts). */
    CHANGES
  }

  /** Lower-case, e.g. {@code transactions}. */
  public abstract String name();

  public abstract Kind kind();

  public abstract Class<T> recordType();

  abstract RecordReader.Factory<T> readers();

  /** The domain's rules, in check order; their names are unique within the domain. */
  public abstract List<ValidationRule<T>> rules();

  /** The column of silver and quarantine that holds the record's id, e.g. {@code transaction_id}. */
  public abstract String idColumn();

  /** The column of silver that holds the event time (a change's {@code updated_at}). */
  public abstract String eventTimeColumn();

  /** How records become rows of {@link #silver()}: events only (a change domain's silver is {@link #history()}). */
  public abstract @Nullable TableFormat<T> silverRows();

  /** Change domains: every version of every entity ({@code silver/<name>}). */
  abstract @Nullable VersionRows<? extends ChangeRecord> historyRows();

  /** Change domains: the current version of each entity ({@code silver/<name>_current}). */
  abstract @Nullable VersionRows<? extends ChangeRecord> currentRows();

  abstract SerializableFunction<T, T> payloadDropper();

  /** The record without its raw payload: what silver keeps, and a lighter record to shuffle. */
  public T withoutPayload(T record) {
    return payloadDropper().apply(record);
  }

  /** Starts the declaration of an events domain (its silver rows are given with the builder). */
  public static <T extends DomainRecord> Builder<T> events(String name, Class<T> recordType) {
    return new AutoValue_Domain.Builder<T>().setName(checkedName(name)).setKind(Kind.EVENTS).setRecordType(recordType);
  }

  /**
   * Starts the declaration of a change-record domain: its silver tables, history and current state, are the
   * versions of {@code recordType} ({@link VersionRows}).
   */
  public static <T extends ChangeRecord> Builder<T> changes(String name, Class<T> recordType) {
    return new AutoValue_Domain.Builder<T>()
        .setName(checkedName(name))
        .setKind(Kind.CHANGES)
        .setRecordType(recordType)
        .setHistoryRows(VersionRows.of("silver/" + name, recordType))
        .setCurrentRows(VersionRows.of("silver/" + name + "_current", recordType));
  }

  private static String checkedName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Domain name \"" + name + "\" is not 1-40 of a-z, 0-9, _ starting with a letter");
    }
    return name;
  }

  /** The history table's rows of a change domain, typed by its record: {@code domain} must be {@code this}. */
  @SuppressWarnings("unchecked")
  public static <T extends ChangeRecord> VersionRows<T> historyOf(Domain<T> domain) {
    return (VersionRows<T>) domain.historyRows();
  }

  /** The current-state table's rows of a change domain. */
  @SuppressWarnings("unchecked")
  public static <T extends ChangeRecord> VersionRows<T> currentOf(Domain<T> domain) {
    return (VersionRows<T>) domain.currentRows();
  }

  public TableSpec bronze() {
    return Tables.bronze(name());
  }

  /** {@code silver/<name>}: the events, or every version of a change domain's entities. */
  public TableSpec silver() {
    return kind() == Kind.EVENTS ? silverRows().spec() : historyRows().spec();
  }

  /** Change domains' current-state table {@code silver/<name>_current}; empty for events. */
  public java.util.Optional<TableSpec> current() {
    return kind() == Kind.EVENTS ? java.util.Optional.empty() : java.util.Optional.of(currentRows().spec());
  }

  /** This domain's tables: bronze, silver (and current), quarantine. */
  public List<TableSpec> tables() {
    List<TableSpec> tables = new java.util.ArrayList<>(List.of(bronze(), silver()));
    current().ifPresent(tables::add);
    tables.add(quarantine());
    return tables;
  }

  public TableSpec quarantine() {
    return Tables.quarantine(name(), idColumn());
  }

  /** The names of {@link #rules()}, in check order. */
  public List<String> ruleNames() {
    return ValidationRules.namesOf(rules());
  }

  public ParseRecords<T> parse() {
    return ParseRecords.with(readers(), recordType());
  }

  /** The domain's rules, all quarantining until {@link ValidateRecords#withActions overridden}. */
  public ValidateRecords<T> validate() {
    return ValidateRecords.of(rules(), recordType());
  }

  /**
   * The app id under which {@code stage} commits this domain's tables and keeps its journal: {@code finpipe-<stage>}
   * for transactions (the ids of warehouses written before there were domains), {@code finpipe-<stage>-<name>} for
   * every other domain, so two domains' runs never share a journal.
   */
  public String appId(String stage) {
    return name().equals(Domains.TRANSACTIONS_NAME) ? "finpipe-" + stage : "finpipe-" + stage + "-" + name();
  }

  /** How {@code stage}'s runs of this domain are named in reports: {@code silver}, {@code silver customers}. */
  public String stageLabel(String stage) {
    return name().equals(Domains.TRANSACTIONS_NAME) ? stage : stage + " " + name();
  }

  @Override
  public final String toString() {
    return name();
  }

  /** Builder of a {@link Domain}. */
  @AutoValue.Builder
  public abstract static class Builder<T extends DomainRecord> {
    abstract Builder<T> setName(String name);

    abstract Builder<T> setKind(Kind kind);

    abstract Builder<T> setRecordType(Class<T> recordType);

    public abstract Builder<T> setReaders(RecordReader.Factory<T> readers);

    public abstract Builder<T> setRules(List<ValidationRule<T>> rules);

    public abstract Builder<T> setIdColumn(String idColumn);

    public abstract Builder<T> setEventTimeColumn(String eventTimeColumn);

    public abstract Builder<T> setSilverRows(TableFormat<T> silverRows);

    abstract Builder<T> setHistoryRows(VersionRows<? extends ChangeRecord> history);

    abstract Builder<T> setCurrentRows(VersionRows<? extends ChangeRecord> current);

    /** How to drop a record's payload, e.g. {@code Transaction::withoutPayload}. */
    public abstract Builder<T> setPayloadDropper(SerializableFunction<T, T> dropper);

    abstract Domain<T> autoBuild();

    /** The declaration, checked: rule names unique, id and event-time columns in silver. */
    public Domain<T> build() {
      Domain<T> domain = autoBuild();
      if ((domain.kind() == Kind.EVENTS) != (domain.silverRows() != null)) {
        throw new IllegalArgumentException(domain.name() + ": an EVENTS domain declares its silver rows, a CHANGES one not");
      }
      domain.validate(); // rule names unique
      domain.silver().column(domain.idColumn());
      domain.silver().column(domain.eventTimeColumn());
      return domain;
    }
  }
}
