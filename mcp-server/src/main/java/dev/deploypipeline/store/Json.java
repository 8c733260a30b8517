package dev.deploypipeline.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The store's JSON configuration, built once: ISO-8601 instants, null members omitted, unknown members ignored so
 * that an older build can still read files written by a newer one, and missing primitives defaulted so that a newer
 * build can read files written by an older one.
 */
public final class Json {

  public static final JsonMapper MAPPER = JsonMapper.builder()
      .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // A file written before a primitive field existed must still load (the field takes its default).
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
      .build();

  /** Same as {@link #MAPPER} but writes tree members sorted by name: the audit chain's canonical form. */
  static final JsonMapper CANONICAL = MAPPER.rebuild().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

  private Json() {}
}
