package dev.deploypipeline.compose;

import java.util.Map;
import java.util.function.IntFunction;

/**
 * Compose variable substitution: {@code $$}, {@code $V}, {@code ${V}}, {@code ${V:-d}}, {@code ${V-d}},
 * {@code ${V:?msg}}, {@code ${V?msg}}, {@code ${V:+r}}, {@code ${V+r}}, with nested defaults. Like compose-go,
 * a {@code $} not followed by a name or brace stays literal. Findings point at the {@code $} of the variable.
 */
final class Interpolator {
  record Result(String value, boolean unresolved) {}

  /** Told of each variable that is read: its name, and whether the reference has a default or alternative. */
  interface Listener {
    void reference(String name, boolean withDefault, Pos pos);
  }

  private final Map<String, String> env;
  private final Listener listener;

  Interpolator(Map<String, String> env) {
    this(env, (name, withDefault, pos) -> {});
  }

  Interpolator(Map<String, String> env, Listener listener) {
    this.env = env;
    this.listener = listener;
  }

  /** {@code at} maps a char index of {@code raw} to its position in the file. */
  Result apply(String raw, IntFunction<Pos> at, Findings out) {
    if (raw.indexOf('$') < 0) return new Result(raw, false);
    boolean[] unresolved = {false};
    String value = substitute(raw, 0, raw.length(), at, out, unresolved);
    return new Result(value, unresolved[0]);
  }

  private String substitute(String s, int from, int to, IntFunction<Pos> at, Findings out, boolean[] unresolved) {
    StringBuilder sb = new StringBuilder();
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (c != '$' || i + 1 >= to) {
        sb.append(c);
        i++;
        continue;
      }
      char n = s.charAt(i + 1);
      if (n == '$') {
        sb.append('$');
        i += 2;
      } else if (n == '{') {
        int close = matchingBrace(s, i + 2, to);
        if (close < 0) {
          out.add(Rule.INTERPOLATION_SYNTAX, at.apply(i), "unterminated variable reference '" + s.substring(i, to) + "'",
              "close it with '}' or write $$ for a literal dollar sign");
          sb.append(s, i, to);
          unresolved[0] = true;
          return sb.toString();
        }
        sb.append(braced(s, i, close, at, out, unresolved));
        i = close + 1;
      } else if (isNameStart(n)) {
        int end = i + 1;
        while (end < to && isNamePart(s.charAt(end))) end++;
        String name = s.substring(i + 1, end);
        listener.reference(name, false, at.apply(i));
        String v = env.get(name);
        if (v == null) {
          undefined(name, at.apply(i), out);
          unresolved[0] = true;
        } else {
          sb.append(v);
        }
        i = end;
      } else {
        sb.append(c);
        i++;
      }
    }
    return sb.toString();
  }

  private String braced(String s, int dollar, int close, IntFunction<Pos> at, Findings out, boolean[] unresolved) {
    int p = dollar + 2;
    int nameEnd = p;
    if (nameEnd < close && isNameStart(s.charAt(nameEnd))) {
      nameEnd++;
      while (nameEnd < close && isNamePart(s.charAt(nameEnd))) nameEnd++;
    }
    String name = s.substring(p, nameEnd);
    String op = nameEnd >= close ? "" : operator(s, nameEnd, close);
    if (name.isEmpty() || op == null) {
      out.add(Rule.INTERPOLATION_SYNTAX, at.apply(dollar), "invalid variable reference '" + s.substring(dollar, close + 1) + "'",
          "use ${NAME}, ${NAME:-default}, ${NAME:?message}; write $$ for a literal dollar sign");
      unresolved[0] = true;
      return "";
    }
    String arg = s.substring(nameEnd + op.length(), close);
    listener.reference(name, !op.isEmpty() && !op.endsWith("?"), at.apply(dollar));
    String v = env.get(name);
    boolean set = v != null;
    boolean nonEmpty = set && !v.isEmpty();
    switch (op) {
      case "" -> {
        if (!set) {
          undefined(name, at.apply(dollar), out);
          unresolved[0] = true;
          return "";
        }
        return v;
      }
      case ":-" -> {
        return nonEmpty ? v : substitute(s, nameEnd + 2, close, at, out, unresolved);
      }
      case "-" -> {
        return set ? v : substitute(s, nameEnd + 1, close, at, out, unresolved);
      }
      case ":?", "?" -> {
        boolean ok = op.equals("?") ? set : nonEmpty;
        if (!ok) {
          String why = arg.isBlank() ? "" : ": " + arg.strip();
          out.add(Rule.INTERPOLATION_REQUIRED, at.apply(dollar),
              "required variable " + name + " is " + (set ? "empty" : "not set") + why,
              "set " + name + " in .env (or pass an env file)");
          unresolved[0] = true;
          return "";
        }
        return v;
      }
      case ":+" -> {
        return nonEmpty ? substitute(s, nameEnd + 2, close, at, out, unresolved) : "";
      }
      default -> {
        return set ? substitute(s, nameEnd + 1, close, at, out, unresolved) : "";
      }
    }
  }

  private void undefined(String name, Pos pos, Findings out) {
    out.add(Rule.INTERPOLATION_UNDEFINED, pos, "variable " + name + " is not set and has no default; it becomes an empty string",
        "set " + name + " in .env (or the env file you pass), or write ${" + name + ":-default}; the validator "
            + "never reads the server's environment");
  }

  private static String operator(String s, int i, int close) {
    for (String op : new String[] {":-", ":?", ":+", "-", "?", "+"}) {
      if (s.startsWith(op, i) && i + op.length() <= close) return op;
    }
    return null;
  }

  private static int matchingBrace(String s, int from, int to) {
    int depth = 1;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '{') depth++;
      else if (c == '}' && --depth == 0) return i;
    }
    return -1;
  }

  private static boolean isNameStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }
}
