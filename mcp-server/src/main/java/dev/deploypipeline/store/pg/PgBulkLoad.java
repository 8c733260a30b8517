package dev.deploypipeline.store.pg;

import dev.deploypipeline.store.StoreRules;
import dev.deploypipeline.workflow.Deployment;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Many rows at once through {@code COPY ... FROM STDIN} (text format): a migration of a whole file store, or the
 * benchmark's million deployments, in seconds rather than a round trip per row. Rows are exactly what a save or an
 * audit append would have written.
 */
final class PgBulkLoad {
  private PgBulkLoad() {}

  static final String DEPLOYMENT_COLUMNS =
      "deployments (id, num, service, state, active, created_at, environments, revision, doc, summary)";

  /** Returns how many rows it copied. */
  static long deployments(Connection c, Iterable<Deployment> all) throws SQLException {
    return copy(c, DEPLOYMENT_COLUMNS, out -> {
      long n = 0;
      for (Deployment d : all) {
        PgRows.Row r = PgRows.row(d);
        field(out, r.id());
        field(out, Long.toString(r.num()));
        field(out, r.service());
        field(out, r.state());
        field(out, r.active() ? "t" : "f");
        field(out, r.createdAt() == null ? null : r.createdAt().toString());
        field(out, arrayLiteral(r.environments()));
        field(out, Long.toString(r.revision()));
        field(out, r.doc());
        last(out, r.summary());
        n++;
      }
      return n;
    });
  }

  /** Audit lines as stored (canonical JSON with their hash). */
  static long auditLines(Connection c, Iterable<byte[]> lines) throws SQLException {
    return copy(c, "audit (seq, deployment_id, hash, line)", out -> {
      long n = 0;
      for (byte[] line : lines) {
        var e = StoreRules.parseLine(line);
        field(out, Long.toString(e.seq()));
        field(out, e.deploymentId());
        field(out, e.hash());
        last(out, new String(line, StandardCharsets.UTF_8));
        n++;
      }
      return n;
    });
  }

  @FunctionalInterface
  private interface Rows {
    long write(Writer out) throws IOException;
  }

  private static long copy(Connection c, String target, Rows rows) throws SQLException {
    CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + target + " FROM STDIN");
    try (Writer out = new java.io.BufferedWriter(new java.io.OutputStreamWriter(new PGCopyOutputStream(in, 1 << 16),
        StandardCharsets.UTF_8), 1 << 16)) {
      return rows.write(out);
    } catch (IOException e) {
      throw new SQLException("COPY into " + target + " failed: " + e.getMessage(), e);
    }
  }

  private static void field(Writer out, String v) throws IOException {
    escape(out, v);
    out.write('\t');
  }

  private static void last(Writer out, String v) throws IOException {
    escape(out, v);
    out.write('\n');
  }

  /** COPY's text format: {@code \N} is null; backslash, tab, newline and carriage return are escaped. */
  private static void escape(Writer out, String v) throws IOException {
    if (v == null) {
      out.write("\\N");
      return;
    }
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      switch (ch) {
        case '\\' -> out.write("\\\\");
        case '\t' -> out.write("\\t");
        case '\n' -> out.write("\\n");
        case '\r' -> out.write("\\r");
        default -> out.write(ch);
      }
    }
  }

  private static String arrayLiteral(List<String> values) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) b.append(',');
      b.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return b.append('}').toString();
  }
}
