package dev.finpipe.domain;

import com.google.auto.value.AutoValue;
import dev.finpipe.io.TableFormat;
import dev.finpipe.io.TableSpec;
import dev.finpipe.io.Tables;
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

  /** How records become rows of {@link #silver()}. */
  public abstract TableFormat<T> silverRows();

  abstract SerializableFunction<T, T> payloadDropper();

  /** The record without its raw payload: what silver keeps, and a lighter record to shuffle. */
  public T withoutPayload(T record) {
    return payloadDropper().apply(record);
  }

  /** Starts a declaration. */
  public static <T extends DomainRecord> Builder<T> builder(String name, Kind kind, Class<T> recordType) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("Domain name \"" + name + "\" is not 1-40 of a-z, 0-9, _ starting with a letter");
    }
    return new AutoValue_Domain.Builder<T>().setName(name).setKind(kind).setRecordType(recordType);
  }

  public TableSpec bronze() {
    return Tables.bronze(name());
  }

  public TableSpec silver() {
    return silverRows().spec();
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

    /** How to drop a record's payload, e.g. {@code Transaction::withoutPayload}. */
    public abstract Builder<T> setPayloadDropper(SerializableFunction<T, T> dropper);

    abstract Domain<T> autoBuild();

    /** The declaration, checked: rule names unique, id and event-time columns in silver. */
    public Domain<T> build() {
      Domain<T> domain = autoBuild();
      domain.validate(); // rule names unique
      domain.silver().column(domain.idColumn());
      domain.silver().column(domain.eventTimeColumn());
      return domain;
    }
  }
}
