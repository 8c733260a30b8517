package dev.deploypipeline.secrets;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a variable holds a secret, judged by its value as well as its name: a known token format (cloud, forge
 * and chat tokens, private keys, credentials in a URL), a name that looks secret ({@link SecretNames}), or a long
 * random-looking value (high entropy). The one detector behind {@code env scan} and the Compose report's masking.
 */
public final class SecretDetector {
  /** Why a value counts as secret, most certain first. */
  public enum Reason { TOKEN_FORMAT, NAME, ENTROPY }

  public record Hit(Reason reason, String detail) {
    public String describe() {
      return switch (reason) {
        case TOKEN_FORMAT -> "looks like " + detail;
        case NAME -> "its name looks secret (" + detail + ")";
        case ENTROPY -> "high-entropy value (" + detail + ")";
      };
    }
  }

  /** A known token format: what it is and the pattern its value contains. */
  public record TokenFormat(String kind, Pattern pattern) {}

  public static final List<TokenFormat> FORMATS = List.of(
      format("an AWS access key id", "\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"),
      format("a GitHub token", "\\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})"),
      format("a GitLab token", "\\bglpat-[A-Za-z0-9_-]{20,}"),
      format("a Slack token", "\\bxox[abposr]-[A-Za-z0-9-]{10,}"),
      format("a Slack webhook URL", "hooks\\.slack\\.com/services/[A-Za-z0-9/]{20,}"),
      format("a Stripe secret key", "\\b[sr]k_(live|test)_[A-Za-z0-9]{16,}"),
      format("a Google API key", "\\bAIza[0-9A-Za-z_-]{35}"),
      format("an OpenAI or Anthropic API key", "\\bsk-(ant-|proj-)?[A-Za-z0-9_-]{20,}"),
      format("an npm token", "\\bnpm_[A-Za-z0-9]{36}"),
      format("an age identity", "AGE-SECRET-KEY-1[0-9A-Z]{58}"),
      format("a private key", "-----BEGIN [A-Z ]*PRIVATE KEY-----"),
      format("a JSON Web Token", "\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
      format("a URL with a password", "[a-z][a-z0-9+.-]*://[^/\\s:@]+:[^/\\s@]+@"));

  /** Bits per character from which a long token-like value counts as random; English and ids stay below. */
  public static final double ENTROPY_BITS = 4.0;
  /** Shortest token-like value judged by entropy; shorter ones are too short to tell from ids. */
  public static final int ENTROPY_MIN_LENGTH = 20;
  /** Hex alone (commit and image hashes are 40 and 64 characters) counts only from this length. */
  public static final int HEX_MIN_LENGTH = 65;

  private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9+/=_.~-]+");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
  private static final Set<String> SWITCHES =
      Set.of("true", "false", "null", "none", "yes", "no", "on", "off", "enabled", "disabled", "changeme", "");

  private SecretDetector() {}

  private static TokenFormat format(String kind, String regex) {
    return new TokenFormat(kind, Pattern.compile(regex));
  }

  /** The strongest reason {@code value} of variable {@code name} is secret, or empty. An empty value is not. */
  public static Optional<Hit> detect(String name, String value) {
    if (value == null || value.isBlank()) return Optional.empty();
    for (TokenFormat f : FORMATS) {
      if (f.pattern().matcher(value).find()) return Optional.of(new Hit(Reason.TOKEN_FORMAT, f.kind()));
    }
    if (SecretNames.looksSecret(name) && !SWITCHES.contains(value.strip().toLowerCase(Locale.ROOT))) {
      return Optional.of(new Hit(Reason.NAME, name));
    }
    double bits = entropy(value);
    if (randomLooking(value, bits)) {
      return Optional.of(new Hit(Reason.ENTROPY, String.format(Locale.ROOT, "%.1f bits/char over %d chars", bits,
          value.length())));
    }
    return Optional.empty();
  }

  public static boolean isSecret(String name, String value) {
    return detect(name, value).isPresent();
  }

  private static boolean randomLooking(String v, double bits) {
    if (v.length() < ENTROPY_MIN_LENGTH || !TOKEN_LIKE.matcher(v).matches()) return false;
    if (HEX.matcher(v).matches()) return v.length() >= HEX_MIN_LENGTH && bits >= 3.5;
    boolean digit = v.chars().anyMatch(Character::isDigit);
    boolean upper = v.chars().anyMatch(Character::isUpperCase);
    boolean lower = v.chars().anyMatch(Character::isLowerCase);
    return digit && upper && lower && bits >= ENTROPY_BITS;
  }

  /** Shannon entropy of the value's characters, in bits per character. */
  public static double entropy(String s) {
    if (s.isEmpty()) return 0;
    java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
    s.chars().forEach(c -> counts.merge(c, 1, Integer::sum));
    double h = 0;
    for (int n : counts.values()) {
      double p = (double) n / s.length();
      h -= p * (Math.log(p) / Math.log(2));
    }
    return h;
  }
}
