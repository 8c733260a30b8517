package dev.deploypipeline.mcp;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.PrettyPrinter;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.DefaultPrettyPrinter;

/**
 * Writes a plain value tree (maps with string keys, collections, strings, numbers, booleans, instants, null) with
 * jackson-core's generator alone, byte for byte as databind writes it. Tool results are such trees, and databind
 * builds a serializer per type on first use, which in a fresh process costs more than the call itself.
 * Anything else makes {@link #compact} and {@link #pretty} return null: the caller then uses databind.
 */
public final class PlainJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  // Made once: its constructor joins its separators with string concatenation, which in jackson-core spins
  // method-handle classes on first use (7 ms); copies are cheap.
  private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter();
  private static final ObjectWriteContext PRETTY = new ObjectWriteContext.Base() {
    @Override
    public PrettyPrinter getPrettyPrinter() {
      return PRINTER.createInstance();
    }

    @Override
    public boolean hasPrettyPrinter() {
      return true;
    }
  };

  private PlainJson() {}

  /** Loads and initialises this class ahead of the first result it writes (see the printer above). */
  public static void prepare() {
    // the static initialiser has run by the time this is called
  }

  /** As databind's {@code writeValueAsString}, or null if the tree is not plain. */
  public static String compact(Object tree) {
    return write(tree, ObjectWriteContext.empty());
  }

  /** As databind's {@code writerWithDefaultPrettyPrinter().writeValueAsString}, or null if the tree is not plain. */
  public static String pretty(Object tree) {
    return write(tree, PRETTY);
  }

  /** Writes {@code tree} at the generator's position; false (with part of it written) if it is not plain. */
  public static boolean write(JsonGenerator g, Object tree) {
    if (tree == null) {
      g.writeNull();
    } else if (tree instanceof String s) {
      g.writeString(s);
    } else if (tree instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (tree instanceof Integer || tree instanceof Long || tree instanceof Short || tree instanceof Byte) {
      g.writeNumber(((Number) tree).longValue());
    } else if (tree instanceof Double d) {
      g.writeNumber(d);
    } else if (tree instanceof Float f) {
      g.writeNumber(f);
    } else if (tree instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (tree instanceof BigInteger i) {
      g.writeNumber(i);
    } else if (tree instanceof Instant i) {
      // Databind writes an Instant as ISO-8601 (DateTimeFormatter.ISO_INSTANT), which is Instant.toString().
      g.writeString(i.toString());
    } else if (tree instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String k)) return false;
        g.writeName(k);
        if (!write(g, e.getValue())) return false;
      }
      g.writeEndObject();
    } else if (tree instanceof Collection<?> c) {
      g.writeStartArray();
      for (Object x : c) {
        if (!write(g, x)) return false;
      }
      g.writeEndArray();
    } else {
      return false;
    }
    return true;
  }

  private static String write(Object tree, ObjectWriteContext context) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = FACTORY.createGenerator(context, out)) {
      if (!write(g, tree)) return null;
    }
    return out.toString();
  }
}
