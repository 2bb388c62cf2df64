package dev.finpipe.testing;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A flat JSON object for test payloads, its values written as raw JSON ({@code "\"PEN\""}, {@code "125.40"},
 * {@code "null"}), in field order, so a test states a valid payload once and changes only the field it is about.
 * Immutable.
 */
public final class JsonObject {
  private final Map<String, String> fields;

  private JsonObject(Map<String, String> fields) {
    this.fields = fields;
  }

  /** An object of {@code fieldsAndValues}: field name, raw JSON value, field name, raw JSON value, ... */
  public static JsonObject of(String... fieldsAndValues) {
    if (fieldsAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("expected field, value pairs: " + Arrays.toString(fieldsAndValues));
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      fields.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
    }
    return new JsonObject(fields);
  }

  /** This object with {@code field} set to the raw JSON value {@code jsonValue} (in place, or added last if absent). */
  public JsonObject with(String field, String jsonValue) {
    Map<String, String> changed = new LinkedHashMap<>(fields);
    changed.put(field, jsonValue);
    return new JsonObject(changed);
  }

  /** This object without {@code names}. */
  public JsonObject without(String... names) {
    Map<String, String> kept = new LinkedHashMap<>(fields);
    kept.keySet().removeAll(Arrays.asList(names));
    return new JsonObject(kept);
  }

  /** The payload: {@code {"field":value,...}} without spaces. */
  @Override
  public String toString() {
    return fields.entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }
}
