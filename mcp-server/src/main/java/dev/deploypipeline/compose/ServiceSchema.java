package dev.deploypipeline.compose;

import static dev.deploypipeline.compose.ComposeSchema.COMMAND;
import static dev.deploypipeline.compose.ComposeSchema.CONFIG_OR_SECRET_REFS;
import static dev.deploypipeline.compose.ComposeSchema.DEVICE_REQUESTS;
import static dev.deploypipeline.compose.ComposeSchema.EXTRA_HOSTS;
import static dev.deploypipeline.compose.ComposeSchema.LIST_OF_STRINGS;
import static dev.deploypipeline.compose.ComposeSchema.LIST_OR_DICT;
import static dev.deploypipeline.compose.ComposeSchema.SERVICE_HOOK;
import static dev.deploypipeline.compose.ComposeSchema.STRING_OR_LIST;
import static dev.deploypipeline.compose.ComposeSchema.ULIMITS;
import static dev.deploypipeline.compose.Shape.BOOLEAN;
import static dev.deploypipeline.compose.Shape.NULL;
import static dev.deploypipeline.compose.Shape.NUMBER;
import static dev.deploypipeline.compose.Shape.SCALAR;
import static dev.deploypipeline.compose.Shape.SCALAR_OR_NULL;
import static dev.deploypipeline.compose.Shape.listOf;
import static dev.deploypipeline.compose.Shape.mapOf;
import static dev.deploypipeline.compose.Shape.obj;
import static dev.deploypipeline.compose.Shape.oneOf;
import static dev.deploypipeline.compose.Shape.values;

/** The compose-spec service definition as a {@link Shape} table. */
final class ServiceSchema {
  private ServiceSchema() {}

  static Shape service() {
    Shape build = oneOf(SCALAR, obj(
        "context", SCALAR, "dockerfile", SCALAR, "dockerfile_inline", SCALAR, "entitlements", LIST_OF_STRINGS,
        "args", LIST_OR_DICT, "ssh", oneOf(SCALAR, LIST_OR_DICT), "labels", LIST_OR_DICT,
        "cache_from", LIST_OF_STRINGS, "cache_to", LIST_OF_STRINGS, "no_cache", SCALAR,
        "additional_contexts", LIST_OR_DICT, "network", SCALAR, "provenance", SCALAR, "sbom", SCALAR,
        "pull", SCALAR, "target", SCALAR, "shm_size", SCALAR, "extra_hosts", EXTRA_HOSTS, "isolation", SCALAR,
        "privileged", SCALAR, "secrets", CONFIG_OR_SECRET_REFS, "tags", LIST_OF_STRINGS, "ulimits", ULIMITS,
        "platforms", LIST_OF_STRINGS));
    Shape blkioLimit = obj("path", SCALAR, "rate", SCALAR);
    Shape blkio = obj("device_read_bps", listOf(blkioLimit), "device_read_iops", listOf(blkioLimit),
        "device_write_bps", listOf(blkioLimit), "device_write_iops", listOf(blkioLimit), "weight", SCALAR,
        "weight_device", listOf(obj("path", SCALAR, "weight", SCALAR)));
    Shape dependsOn = oneOf(LIST_OF_STRINGS, mapOf(obj(
        "restart", SCALAR, "required", BOOLEAN,
        "condition", values("service_started", "service_healthy", "service_completed_successfully"))
        .requires("condition")));
    Shape devices = listOf(oneOf(SCALAR, obj("source", SCALAR, "target", SCALAR, "permissions", SCALAR).requires("source")));
    Shape envFile = oneOf(SCALAR, listOf(oneOf(SCALAR,
        obj("path", SCALAR, "format", SCALAR, "required", SCALAR).requires("path"))));
    Shape gpus = oneOf(values("all"), DEVICE_REQUESTS);
    Shape serviceNetwork = oneOf(NULL, obj(
        "aliases", LIST_OF_STRINGS, "interface_name", SCALAR, "ipv4_address", SCALAR, "ipv6_address", SCALAR,
        "link_local_ips", LIST_OF_STRINGS, "mac_address", SCALAR, "driver_opts", mapOf(SCALAR),
        "priority", NUMBER, "gw_priority", NUMBER));
    Shape ports = listOf(oneOf(SCALAR, obj(
        "name", SCALAR, "mode", SCALAR, "host_ip", SCALAR, "target", SCALAR, "published", SCALAR,
        "protocol", SCALAR, "app_protocol", SCALAR)));
    Shape volumes = listOf(oneOf(SCALAR, obj(
        "type", values("bind", "volume", "tmpfs", "cluster", "npipe", "image"),
        "source", SCALAR, "target", SCALAR, "read_only", SCALAR, "consistency", SCALAR,
        "bind", obj("propagation", SCALAR, "create_host_path", SCALAR,
            "recursive", values("enabled", "disabled", "writable", "readonly"), "selinux", values("z", "Z")),
        "volume", obj("labels", LIST_OR_DICT, "nocopy", SCALAR, "subpath", SCALAR),
        "tmpfs", obj("size", SCALAR, "mode", SCALAR),
        "image", obj("subpath", SCALAR)).requires("type")));
    Shape models = oneOf(LIST_OF_STRINGS, mapOf(oneOf(NULL, obj("endpoint_var", SCALAR, "model_var", SCALAR))));
    Shape provider = obj("type", SCALAR, "options", mapOf(oneOf(SCALAR, LIST_OF_STRINGS))).requires("type");
    Shape extendsShape = oneOf(SCALAR, obj("service", SCALAR, "file", SCALAR).requires("service"));
    Shape logging = obj("driver", SCALAR, "options", mapOf(SCALAR_OR_NULL));
    return obj(
        "develop", ComposeSchema.develop(), "deploy", ComposeSchema.deploy(), "annotations", LIST_OR_DICT,
        "attach", SCALAR, "build", build, "blkio_config", blkio, "cap_add", LIST_OF_STRINGS,
        "cap_drop", LIST_OF_STRINGS, "cgroup", values("host", "private"), "cgroup_parent", SCALAR,
        "command", COMMAND, "configs", CONFIG_OR_SECRET_REFS, "container_name", SCALAR, "cpu_count", SCALAR,
        "cpu_percent", SCALAR, "cpu_shares", SCALAR, "cpu_quota", SCALAR, "cpu_period", SCALAR,
        "cpu_rt_period", SCALAR, "cpu_rt_runtime", SCALAR, "cpus", SCALAR, "cpuset", SCALAR,
        "credential_spec", obj("config", SCALAR, "file", SCALAR, "registry", SCALAR),
        "depends_on", dependsOn, "device_cgroup_rules", LIST_OF_STRINGS, "devices", devices,
        "dns", STRING_OR_LIST, "dns_opt", LIST_OF_STRINGS, "dns_search", STRING_OR_LIST, "domainname", SCALAR,
        "entrypoint", COMMAND, "env_file", envFile, "label_file", STRING_OR_LIST, "environment", LIST_OR_DICT,
        "expose", LIST_OF_STRINGS, "extends", extendsShape, "provider", provider,
        "external_links", LIST_OF_STRINGS, "extra_hosts", EXTRA_HOSTS, "gpus", gpus, "group_add", LIST_OF_STRINGS,
        "healthcheck", ComposeSchema.healthcheck(), "hostname", SCALAR, "image", SCALAR, "init", SCALAR,
        "ipc", SCALAR, "isolation", SCALAR, "labels", LIST_OR_DICT, "links", LIST_OF_STRINGS, "logging", logging,
        "mac_address", SCALAR, "mem_limit", SCALAR, "mem_reservation", SCALAR, "mem_swappiness", SCALAR,
        "memswap_limit", SCALAR, "network_mode", SCALAR, "models", models,
        "networks", oneOf(LIST_OF_STRINGS, mapOf(serviceNetwork)), "oom_kill_disable", SCALAR,
        "oom_score_adj", SCALAR, "pid", SCALAR_OR_NULL, "pids_limit", SCALAR, "platform", SCALAR, "ports", ports,
        "post_start", listOf(SERVICE_HOOK), "pre_start", listOf(SERVICE_HOOK), "pre_stop", listOf(SERVICE_HOOK), "privileged", SCALAR,
        "profiles", LIST_OF_STRINGS, "pull_policy", SCALAR, "pull_refresh_after", SCALAR, "read_only", SCALAR,
        "restart", SCALAR, "runtime", SCALAR, "scale", SCALAR, "security_opt", LIST_OF_STRINGS, "shm_size", SCALAR,
        "secrets", CONFIG_OR_SECRET_REFS, "sysctls", LIST_OR_DICT, "stdin_open", SCALAR,
        "stop_grace_period", SCALAR, "stop_signal", SCALAR, "storage_opt", mapOf(Shape.ANY), "tmpfs", STRING_OR_LIST,
        "tty", SCALAR, "ulimits", ULIMITS, "use_api_socket", BOOLEAN, "user", SCALAR, "uts", SCALAR,
        "userns_mode", SCALAR, "volumes", volumes, "volumes_from", LIST_OF_STRINGS, "working_dir", SCALAR);
  }
}
