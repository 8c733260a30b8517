package dev.deploypipeline.generate;

/** One file generate would write: its path relative to the project, its kind and its full text (header included). */
public record Rendered(String path, Kind kind, String text) {
  static Rendered of(String path, Kind kind, String body) {
    return new Rendered(path, kind, Header.wrap(body));
  }
}
