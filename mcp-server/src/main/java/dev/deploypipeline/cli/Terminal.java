package dev.deploypipeline.cli;

import java.io.Console;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * A human at this process's terminal: stdin must be a real TTY (checked with {@code test -t 0} on the inherited
 * stdin, as isatty(0) would) and Java must see a console. A pipe, /dev/null or a file is not a human.
 */
final class Terminal {
  private Terminal() {}

  static boolean interactive() {
    if (System.console() == null) return false;
    try {
      Process p = new ProcessBuilder(dev.deploypipeline.approval.TrustedTools.path("test"), "-t", "0").redirectInput(ProcessBuilder.Redirect.INHERIT).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Shows {@code summary} and asks the human to type {@code expected}; true only for an exact match. */
  static boolean confirm(String summary, String expected, String action) {
    return confirmTyping(summary, expected, action, "the deployment id");
  }

  /** As {@link #confirm}, naming what is to be typed ({@code what}, e.g. "the flag's name"). */
  static boolean confirmTyping(String summary, String expected, String action, String what) {
    Console c = System.console();
    if (c == null) return false;
    c.printf("%s%n%nTo %s, type %s (%s): ", summary, action, what, expected);
    c.flush();
    String line = c.readLine();
    return line != null && line.strip().equals(expected);
  }

  /** Asks a question with a default; the default when the human just presses enter (or no console). */
  static String ask(String question, String dflt) {
    Console c = System.console();
    if (c == null) return dflt;
    String line = c.readLine("%s [%s]: ", question, dflt);
    return line == null || line.isBlank() ? dflt : line.strip();
  }

  /** A yes/no question; only y or yes is yes. */
  static boolean yes(String question) {
    Console c = System.console();
    if (c == null) return false;
    String line = c.readLine("%s [y/N]: ", question);
    return line != null && (line.strip().equalsIgnoreCase("y") || line.strip().equalsIgnoreCase("yes"));
  }
}
