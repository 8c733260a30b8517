package dev.deploypipeline.compose;

import static dev.deploypipeline.compose.Shape.INTEGER;
import static dev.deploypipeline.compose.Shape.NULL;
import static dev.deploypipeline.compose.Shape.SCALAR;
import static dev.deploypipeline.compose.Shape.SCALAR_OR_NULL;
import static dev.deploypipeline.compose.Shape.listOf;
import static dev.deploypipeline.compose.Shape.mapOf;
import static dev.deploypipeline.compose.Shape.obj;
import static dev.deploypipeline.compose.Shape.oneOf;
import static dev.deploypipeline.compose.Shape.values;

/**
 * The compose-spec (compose-go schema, 2025: name, include, develop, post_start/pre_stop, models, provider)
 * as {@link Shape} tables. Top level and the shared definitions live here; the service in
 * {@link ServiceSchema}. Built once, on first use (holder idiom), and shared by every validation.
 */
final class ComposeSchema {
  private ComposeSchema() {}

  static Shape root() {
    return Holder.ROOT;
  }

  static final Shape LIST_OF_STRINGS = listOf(SCALAR);
  static final Shape STRING_OR_LIST = oneOf(SCALAR, LIST_OF_STRINGS);
  static final Shape LIST_OR_DICT = oneOf(mapOf(SCALAR_OR_NULL), LIST_OF_STRINGS);
  static final Shape COMMAND = oneOf(NULL, SCALAR, LIST_OF_STRINGS);
  static final Shape EXTRA_HOSTS = oneOf(mapOf(oneOf(SCALAR, LIST_OF_STRINGS)), LIST_OF_STRINGS);
  static final Shape DRIVER_OPTS = mapOf(SCALAR);
  static final Shape EXTERNAL = oneOf(SCALAR, obj("name", SCALAR));
  static final Shape ULIMITS =
      mapOf(oneOf(SCALAR, obj("hard", SCALAR, "soft", SCALAR).requires("soft", "hard")));
  static final Shape SERVICE_HOOK =
      obj("command", COMMAND, "user", SCALAR, "privileged", SCALAR, "working_dir", SCALAR, "environment", LIST_OR_DICT)
          .requires("command");
  static final Shape CONFIG_OR_SECRET_REFS =
      listOf(oneOf(SCALAR, obj("source", SCALAR, "target", SCALAR, "uid", SCALAR, "gid", SCALAR, "mode", SCALAR)));
  static final Shape DEVICE_REQUESTS =
      listOf(obj("capabilities", LIST_OF_STRINGS, "count", SCALAR, "device_ids", LIST_OF_STRINGS, "driver", SCALAR,
          "options", LIST_OR_DICT));

  private static final class Holder {
    static final Shape ROOT = build();
  }

  private static Shape build() {
    Shape include = oneOf(SCALAR, obj("path", STRING_OR_LIST, "env_file", STRING_OR_LIST, "project_directory", SCALAR));
    Shape network = obj(
        "name", SCALAR, "driver", SCALAR, "driver_opts", DRIVER_OPTS,
        "ipam", obj("driver", SCALAR,
            "config", listOf(obj("subnet", SCALAR, "ip_range", SCALAR, "gateway", SCALAR, "aux_addresses", mapOf(SCALAR))),
            "options", mapOf(SCALAR)),
        "external", EXTERNAL, "internal", SCALAR, "enable_ipv4", SCALAR, "enable_ipv6", SCALAR,
        "attachable", SCALAR, "labels", LIST_OR_DICT).orNull();
    Shape volume = obj("name", SCALAR, "driver", SCALAR, "driver_opts", DRIVER_OPTS, "external", EXTERNAL,
        "labels", LIST_OR_DICT).orNull();
    Shape secret = obj("name", SCALAR, "environment", SCALAR, "file", SCALAR, "external", EXTERNAL,
        "labels", LIST_OR_DICT, "driver", SCALAR, "driver_opts", DRIVER_OPTS, "template_driver", SCALAR);
    Shape config = obj("name", SCALAR, "content", SCALAR, "environment", SCALAR, "file", SCALAR, "external", EXTERNAL,
        "labels", LIST_OR_DICT, "template_driver", SCALAR);
    Shape model = obj("name", SCALAR, "model", SCALAR, "context_size", INTEGER, "runtime_flags", LIST_OF_STRINGS)
        .requires("model");
    return obj(
        "version", SCALAR,
        "name", SCALAR,
        "include", listOf(include),
        "services", mapOf(ServiceSchema.service()),
        "models", mapOf(model),
        "networks", mapOf(network),
        "volumes", mapOf(volume),
        "secrets", mapOf(secret),
        "configs", mapOf(config));
  }

  static Shape healthcheck() {
    return obj("disable", SCALAR, "interval", SCALAR, "retries", SCALAR, "test", STRING_OR_LIST, "timeout", SCALAR,
        "start_period", SCALAR, "start_interval", SCALAR);
  }

  static Shape deploy() {
    Shape update = obj("parallelism", SCALAR, "delay", SCALAR, "failure_action", SCALAR, "monitor", SCALAR,
        "max_failure_ratio", SCALAR, "order", values("start-first", "stop-first"));
    Shape genericResources =
        listOf(obj("discrete_resource_spec", obj("kind", SCALAR, "value", SCALAR)));
    return obj(
        "mode", SCALAR, "endpoint_mode", SCALAR, "replicas", SCALAR, "labels", LIST_OR_DICT,
        "rollback_config", update, "update_config", update,
        "resources", obj(
            "limits", obj("cpus", SCALAR, "memory", SCALAR, "pids", SCALAR),
            "reservations", obj("cpus", SCALAR, "memory", SCALAR, "generic_resources", genericResources,
                "devices", DEVICE_REQUESTS)),
        "restart_policy", obj("condition", SCALAR, "delay", SCALAR, "max_attempts", SCALAR, "window", SCALAR),
        "placement", obj("constraints", LIST_OF_STRINGS, "preferences", listOf(obj("spread", SCALAR)),
            "max_replicas_per_node", SCALAR)).orNull();
  }

  static Shape develop() {
    Shape watch = obj("ignore", STRING_OR_LIST, "include", STRING_OR_LIST, "path", SCALAR,
        "action", values("rebuild", "sync", "restart", "sync+restart", "sync+exec"), "target", SCALAR,
        "exec", SERVICE_HOOK, "initial_sync", SCALAR).requires("path", "action");
    return obj("watch", listOf(watch)).orNull();
  }
}
