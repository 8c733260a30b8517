package dev.deploypipeline.compose;

/** A 1-based position in a named file. */
public record Pos(String file, int line, int column) {
  public Pos shifted(int columns) {
    return new Pos(file, line, column + columns);
  }

  public String where() {
    return file + ":" + line;
  }
}
