package dev.finpipe.launcher.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A YAML document read into nodes that remember their line. Jackson's own tree ({@link JsonNode}) drops locations,
 * and binding straight to classes stops at the first error; the plan loader needs both the line of every value and
 * all the errors at once, so it reads the token stream itself (each token's {@code JsonLocation}) into these nodes.
 */
final class YamlTree {
  private static final YAMLFactory YAML = new YAMLFactory();

  private YamlTree() {}

  /** Any node; {@link #line()} is 1-based. */
  sealed interface Node permits MapNode, ListNode, Scalar {
    int line();

    JsonNode toJson();

    /** What the node is, for messages such as "expected a list, found a mapping". */
    String describe();
  }

  /** A key of a mapping with its own line (a key and its value may sit on different lines). */
  record Entry(String key, int keyLine, Node value) {}

  record MapNode(int line, Map<String, Entry> entries) implements Node {
    @Override
    public JsonNode toJson() {
      ObjectNode json = JsonNodeFactory.instance.objectNode();
      entries.values().forEach(e -> json.set(e.key(), e.value().toJson()));
      return json;
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  record ListNode(int line, List<Node> items) implements Node {
    @Override
    public JsonNode toJson() {
      ArrayNode json = JsonNodeFactory.instance.arrayNode();
      items.forEach(i -> json.add(i.toJson()));
      return json;
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A string, number, boolean or null, typed as YAML typed it. */
  record Scalar(int line, JsonNode value) implements Node {
    @Override
    public JsonNode toJson() {
      return value;
    }

    @Override
    public String describe() {
      return value.isNull() ? "nothing" : value.isTextual() ? "text" : value.isBoolean() ? "true/false" : "a number";
    }

    /** The scalar as text whatever its YAML type ({@code 30} and {@code "30"} both give "30"). */
    String text() {
      return value.isNull() ? "" : value.asText();
    }
  }

  /**
   * Reads one document. A duplicated key is reported to {@code duplicateKey} (line and key) and the later value
   * kept; YAML syntax errors surface as Jackson exceptions that carry the location.
   */
  static Node read(Reader reader, Consumer<Entry> duplicateKey) throws IOException {
    try (JsonParser parser = YAML.createParser(reader)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new Scalar(1, JsonNodeFactory.instance.nullNode());
      }
      return readValue(parser, duplicateKey);
    }
  }

  private static Node readValue(JsonParser parser, Consumer<Entry> duplicates) throws IOException {
    int line = parser.currentTokenLocation().getLineNr();
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT:
        Map<String, Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          int keyLine = parser.currentTokenLocation().getLineNr();
          parser.nextToken();
          Entry entry = new Entry(key, keyLine, readValue(parser, duplicates));
          if (entries.put(key, entry) != null) {
            duplicates.accept(entry);
          }
        }
        return new MapNode(line, entries);
      case START_ARRAY:
        List<Node> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(readValue(parser, duplicates));
        }
        return new ListNode(line, items);
      case VALUE_STRING:
        return new Scalar(line, JsonNodeFactory.instance.textNode(parser.getText()));
      case VALUE_NUMBER_INT:
        return new Scalar(line, integral(parser));
      case VALUE_NUMBER_FLOAT:
        return new Scalar(line, JsonNodeFactory.instance.numberNode(parser.getDoubleValue()));
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new Scalar(line, JsonNodeFactory.instance.booleanNode(token == JsonToken.VALUE_TRUE));
      default:
        return new Scalar(line, JsonNodeFactory.instance.nullNode());
    }
  }

  private static JsonNode integral(JsonParser parser) throws IOException {
    switch (parser.getNumberType()) {
      case INT:
        return JsonNodeFactory.instance.numberNode(parser.getIntValue());
      case LONG:
        return JsonNodeFactory.instance.numberNode(parser.getLongValue());
      default:
        return JsonNodeFactory.instance.numberNode(parser.getBigIntegerValue());
    }
  }
}
