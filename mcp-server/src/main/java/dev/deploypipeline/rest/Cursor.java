package dev.deploypipeline.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/** The opaque {@code nextCursor}: the last deployment of a page, so the next page starts after it. */
final class Cursor {
  private static final Pattern ID = Pattern.compile("after:(d-[0-9]{1,12})");

  private Cursor() {}

  static String encode(String lastId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("after:" + lastId).getBytes(StandardCharsets.UTF_8));
  }

  /** The deployment id a cursor names; null for none; a 400 for a cursor this server did not make. */
  static String decode(String cursor) {
    if (cursor == null) return null;
    try {
      var m = ID.matcher(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      if (m.matches()) return m.group(1);
    } catch (IllegalArgumentException e) {
      // not base64: refused below
    }
    throw ApiException.badRequest("?cursor: '" + Call.clip(cursor) + "' is not a cursor from this API",
        "pass nextCursor from the previous page unchanged, or leave cursor out for the first page");
  }
}
