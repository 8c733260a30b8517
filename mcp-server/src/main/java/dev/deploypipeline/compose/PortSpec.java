package dev.deploypipeline.compose;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * One published-port mapping, parsed from the short syntax {@code [IP:][HOST[-HOST]:]CONTAINER[-CONTAINER][/PROTO]}
 * (IPv6 as {@code [::1]:80:80}) or from the long syntax's fields. {@code hostStart == 0} means no host port is
 * published (or Docker picks one), so it cannot conflict.
 */
record PortSpec(String hostIp, int hostStart, int hostEnd, int containerStart, int containerEnd, String protocol) {
  private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.%a-zA-Z]*");
  private static final Pattern RANGE = Pattern.compile("(\\d+)(?:-(\\d+))?");

  /** Thrown with a message that says what is wrong with the mapping. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  static PortSpec parse(String spec) throws Invalid {
    String s = spec.strip();
    String protocol = "tcp";
    int slash = s.lastIndexOf('/');
    if (slash >= 0) {
      protocol = s.substring(slash + 1).toLowerCase(java.util.Locale.ROOT);
      s = s.substring(0, slash);
    }
    String ip = "";
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0 || !s.startsWith("]:", close)) throw new Invalid("IPv6 address must be written as [addr]:host:container");
      ip = s.substring(1, close);
      s = s.substring(close + 2);
      if (!s.contains(":")) throw new Invalid("a host port must follow the IP address");
    }
    String[] parts = s.split(":", -1);
    String host = "";
    String container;
    if (parts.length == 1) {
      container = parts[0];
    } else if (parts.length == 2) {
      host = parts[0];
      container = parts[1];
    } else if (parts.length == 3 && ip.isEmpty()) {
      ip = parts[0];
      host = parts[1];
      container = parts[2];
    } else if (ip.isEmpty()) {
      ip = String.join(":", java.util.Arrays.copyOf(parts, parts.length - 2));
      host = parts[parts.length - 2];
      container = parts[parts.length - 1];
    } else {
      throw new Invalid("too many ':' separated parts");
    }
    return of(ip, host, container, protocol);
  }

  static PortSpec of(String ip, String host, String container, String protocol) throws Invalid {
    if (!PROTOCOLS.contains(protocol)) throw new Invalid("unknown protocol '" + protocol + "' (use tcp, udp or sctp)");
    if (!ip.isEmpty() && !validIp(ip)) throw new Invalid("'" + ip + "' is not an IP address");
    if (container.isEmpty()) throw new Invalid("the container port is missing");
    int[] c = range(container, "container port");
    int[] h = host.isEmpty() ? new int[] {0, 0} : range(host, "host port");
    int hostSize = h[1] - h[0];
    int containerSize = c[1] - c[0];
    if (h[0] != 0 && containerSize > 0 && hostSize != containerSize) {
      throw new Invalid("host range " + host + " and container range " + container + " differ in size");
    }
    return new PortSpec(ip, h[0], h[1], c[0], c[1], protocol);
  }

  private static int[] range(String text, String what) throws Invalid {
    var m = RANGE.matcher(text);
    if (!m.matches()) throw new Invalid(what + " '" + text + "' is not a number or a range like 8000-8010");
    int start = port(m.group(1), what);
    int end = m.group(2) == null ? start : port(m.group(2), what);
    if (end < start) throw new Invalid(what + " range " + text + " ends before it starts");
    return new int[] {start, end};
  }

  private static int port(String digits, String what) throws Invalid {
    long v = digits.length() > 6 ? Long.MAX_VALUE : Long.parseLong(digits);
    if (v < 1 || v > 65535) throw new Invalid(what + " " + digits + " is outside 1-65535");
    return (int) v;
  }

  private static boolean validIp(String ip) {
    if (IPV4.matcher(ip).matches()) {
      for (String octet : ip.split("\\.")) if (Integer.parseInt(octet) > 255) return false;
      return true;
    }
    return IPV6.matcher(ip).matches();
  }

  boolean publishesHostPort() {
    return hostStart > 0;
  }

  boolean wildcardIp() {
    return hostIp.isEmpty() || hostIp.equals("0.0.0.0") || hostIp.equals("::");
  }

  /** Whether two bindings would contend for the same host address (a wildcard overlaps every address). */
  boolean sharesAddressWith(PortSpec other) {
    return protocol.equals(other.protocol) && (wildcardIp() || other.wildcardIp() || hostIp.equals(other.hostIp));
  }
}
