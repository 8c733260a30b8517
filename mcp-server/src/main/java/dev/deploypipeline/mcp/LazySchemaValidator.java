package dev.deploypipeline.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;

/**
 * The SDK's schema validator (networknt, ~250 classes), loaded on the first tool call instead of while the server
 * is built: {@code initialize} and {@code tools/list} never validate anything. The SDK also checks every tool's
 * schemas against the JSON Schema meta-schema while it is built; our schemas are constants, so that check runs in
 * a test ({@code ToolSchemasConformTest}) instead of on every start-up.
 */
final class LazySchemaValidator implements JsonSchemaValidator {
  private static final class Holder {
    static final JsonSchemaValidator DELEGATE = McpJsonDefaults.getSchemaValidator();
  }

  @Override
  public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
    return Holder.DELEGATE.validate(schema, structuredContent);
  }

  @Override
  public ValidationResponse validateSchema(Map<String, Object> schema) {
    return ValidationResponse.asValid(null);
  }
}
