package dev.deploypipeline.mcp.stdio;

import java.util.Set;

/** The request methods the SDK session serves; anything else is -32601. Shared by both doors, loads nothing. */
final class RpcMethods {
  static final Set<String> SDK = Set.of("initialize", "ping", "tools/list", "tools/call");

  private RpcMethods() {}

  /** A request id as one comparable string: a string id and a number id that print alike are not the same. */
  static String idKey(Object id) {
    return (id instanceof String ? "s:" : "n:") + id;
  }
}
