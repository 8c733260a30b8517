package dev.deploypipeline.mcp.stdio;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SDK's JSON-schema check of every call's arguments and structuredContent, with the same networknt validator
 * (draft 2020-12) and the same messages, but cheaper per call:
 * <ul>
 *   <li>loaded on the first tool call instead of while the server is built (~250 classes): {@code initialize}
 *       and {@code tools/list} never validate anything;</li>
 *   <li>compiled schemas are looked up by identity: the SDK passes the same map for a tool on every call, and its
 *       own validator keys its cache by the map's deep {@code hashCode}, a walk over the whole schema per call;</li>
 *   <li>a valid result is not serialised again: the SDK uses that copy only for a result without content, and
 *       every result we build has its text content ({@link dev.deploypipeline.mcp.ToolResults}).</li>
 * </ul>
 * The SDK also checks every tool's schemas against the JSON Schema meta-schema while it is built; our schemas are
 * constants, so that check runs in a test ({@code ToolSchemasConformTest}) instead of on every start-up.
 */
final class LazySchemaValidator implements JsonSchemaValidator {
  private static final class Holder {
    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getDraft202012());
    static final JsonMapper JSON = JsonMapper.shared();
  }

  private final Map<Map<String, Object>, Schema> compiled = Collections.synchronizedMap(new IdentityHashMap<>());

  @Override
  public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
    if (schema == null) throw new IllegalArgumentException("Schema must not be null");
    if (structuredContent == null) throw new IllegalArgumentException("Structured content must not be null");
    try {
      JsonNode content = structuredContent instanceof String s ? Holder.JSON.readTree(s)
          : Holder.JSON.valueToTree(structuredContent);
      List<?> errors = compiled.computeIfAbsent(schema, s -> Holder.REGISTRY.getSchema(Holder.JSON.valueToTree(s)))
          .validate(content);
      return errors.isEmpty() ? ValidationResponse.asValid(null)
          : ValidationResponse.asInvalid("Validation failed: JSON schema validation errors: " + errors);
    } catch (RuntimeException e) {
      return ValidationResponse.asInvalid("Unexpected validation error: " + e.getMessage());
    }
  }

  @Override
  public ValidationResponse validateSchema(Map<String, Object> schema) {
    return ValidationResponse.asValid(null);
  }
}
