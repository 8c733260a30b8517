package dev.deploypipeline.compose;

import static dev.deploypipeline.compose.Severity.ERROR;
import static dev.deploypipeline.compose.Severity.WARNING;

/**
 * The rule catalogue: every finding names one of these. Ids are public API (docs, expectations files, CI
 * filters), so rename only with care. Documented with examples in plugin/skills/compose-patterns/SKILL.md.
 */
public enum Rule {
  YAML_SYNTAX("yaml-syntax", ERROR, "yaml", "Compose cannot load a file that is not valid YAML."),
  YAML_TAB("yaml-tab", ERROR, "yaml", "YAML forbids tabs in indentation; editors hide them, so name the line."),
  YAML_DUPLICATE_KEY("yaml-duplicate-key", ERROR, "yaml", "Compose rejects a mapping that repeats a key; one value would silently win."),
  YAML_ALIAS("yaml-alias", ERROR, "yaml", "A merge key must point at a mapping, and an alias must not contain itself."),

  UNKNOWN_KEY("unknown-key", ERROR, "structure", "Compose rejects keys outside the compose-spec; a typo usually means a setting silently missing."),
  WRONG_TYPE("wrong-type", ERROR, "structure", "A value of the wrong shape (list vs mapping vs scalar) fails to load."),
  INVALID_VALUE("invalid-value", ERROR, "structure", "The spec allows only a fixed set of values here."),
  MISSING_KEY("missing-key", ERROR, "structure", "The spec requires this key when the enclosing mapping is used."),
  OBSOLETE_VERSION("obsolete-version", WARNING, "structure", "The top-level version is ignored by Compose v2 and only misleads readers."),

  PORT_SYNTAX("port-syntax", ERROR, "ports", "A port mapping Compose cannot parse stops the whole project from starting."),
  PORT_CONFLICT("port-conflict", ERROR, "ports", "Two containers cannot publish the same host port; the second fails to start."),

  UNDEFINED_NETWORK("undefined-network", ERROR, "references", "A service on a network that is not declared fails to start."),
  UNDEFINED_VOLUME("undefined-volume", ERROR, "references", "A named volume must be declared at top level; a path needs ./ or / to be a bind mount."),
  UNDEFINED_SECRET("undefined-secret", ERROR, "references", "A secret a service uses must be declared under top-level secrets."),
  UNDEFINED_CONFIG("undefined-config", ERROR, "references", "A config a service uses must be declared under top-level configs."),

  DEPENDS_ON_UNKNOWN("depends-on-unknown", ERROR, "depends_on", "Depending on a service that does not exist fails the project load."),
  DEPENDS_ON_CYCLE("depends-on-cycle", ERROR, "depends_on", "Services that depend on each other in a cycle can never start."),
  DEPENDS_ON_NO_HEALTHCHECK("depends-on-no-healthcheck", WARNING, "depends_on",
      "service_healthy waits forever unless the target has a healthcheck (here or in its image)."),

  RESTART_VALUE("restart-value", ERROR, "values", "Docker accepts only no, always, on-failure[:N] and unless-stopped."),
  DURATION_SYNTAX("duration-syntax", ERROR, "values", "Durations need a unit (e.g. 30s, 1m30s); a bare number is rejected."),
  DUPLICATE_CONTAINER_NAME("duplicate-container-name", ERROR, "values", "Container names are global on a host; the second container fails to start."),

  INTERPOLATION_REQUIRED("interpolation-required", ERROR, "interpolation", "${VAR:?msg} aborts docker compose when VAR is unset."),
  INTERPOLATION_UNDEFINED("interpolation-undefined", WARNING, "interpolation", "An unset variable without a default becomes an empty string."),
  INTERPOLATION_SYNTAX("interpolation-syntax", ERROR, "interpolation", "An unterminated or malformed ${...} fails interpolation."),

  PRIVILEGED("privileged", WARNING, "security", "A privileged container has full access to the host."),
  DOCKER_SOCKET("docker-socket", WARNING, "security", "Mounting the Docker socket gives the container root on the host."),
  LITERAL_SECRET("literal-secret", WARNING, "security", "A secret written into the compose file ends up in git and in docker inspect."),
  NETWORK_MODE_HOST("network-mode-host", WARNING, "security", "Host networking removes network isolation and bypasses published ports."),
  CAP_ADD_ALL("cap-add-all", WARNING, "security", "cap_add: ALL grants every kernel capability, close to privileged."),

  IMAGE_NO_TAG("image-no-tag", WARNING, "hygiene", "An image without a tag means latest, so deploys are not reproducible."),
  IMAGE_LATEST("image-latest", WARNING, "hygiene", "The latest tag moves; pin a version so deploys are reproducible.");

  private final String id;
  private final Severity severity;
  private final String family;
  private final String rationale;

  Rule(String id, Severity severity, String family, String rationale) {
    this.id = id;
    this.severity = severity;
    this.family = family;
    this.rationale = rationale;
  }

  public String id() {
    return id;
  }

  public Severity severity() {
    return severity;
  }

  public String family() {
    return family;
  }

  public String rationale() {
    return rationale;
  }
}
