package dev.deploypipeline.hosting;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One service of the {@code hosting} section: a container ({@code image}) or a native unit ({@code native}).
 *
 * @param port the port it listens on, on 127.0.0.1; Caddy proxies to it
 * @param containerPort the port inside the container when it differs from {@code port} (bridge network only)
 * @param subdomain with a port, the site {@code <subdomain>.<domain>} ({@code @} for the domain itself)
 * @param healthPath the HTTP path Caddy's active health check and the container healthcheck request
 * @param envFile an env file relative to the project (Compose {@code env_file}, systemd {@code EnvironmentFile})
 * @param command the container's command, as a list (the image's default when absent)
 * @param volumes Compose volume entries such as {@code data:/data} or {@code ./conf:/etc/app:ro}
 */
public record HostedService(
    String image,
    @Min(value = 1, message = "must be a TCP port between 1 and 65535")
        @Max(value = 65535, message = "must be a TCP port between 1 and 65535") Integer port,
    @Min(value = 1, message = "must be a TCP port between 1 and 65535")
        @Max(value = 65535, message = "must be a TCP port between 1 and 65535") Integer containerPort,
    @Pattern(regexp = "@|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*",
        message = "must be a DNS label such as www or api (or @ for the domain itself)") String subdomain,
    @Pattern(regexp = "/[A-Za-z0-9._~/?=&%-]*", message = "must be a URL path starting with /, such as /health")
        String healthPath,
    @Pattern(regexp = HostingConfig.RELATIVE_FILE, message = "must be a file path relative to the project directory")
        String envFile,
    List<String> command,
    List<@Pattern(regexp = "[^\\s]+", message = "must be a Compose volume entry such as data:/data (no spaces)")
        String> volumes,
    Map<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "must be an environment variable name") String, String>
        environment,
    @JsonProperty("native") NativeSpec nativeSpec) {

  /** An image reference: lowercase name with optional registry, tag or digest. */
  static final java.util.regex.Pattern IMAGE = java.util.regex.Pattern.compile(
      "[a-z0-9]+([._/:-][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?");
  static final java.util.regex.Pattern ABSOLUTE_EXEC = java.util.regex.Pattern.compile("/[^\\s]+(\\s.*)?");

  /** The port the process listens on inside its container (or on the host, for a native unit). */
  public Integer innerPort() {
    return containerPort != null ? containerPort : port;
  }

  public boolean isNative() {
    return nativeSpec != null;
  }

  /** True when the image names no tag or digest, so that the deployed version becomes its tag. */
  public boolean untaggedImage() {
    if (image == null) return false;
    int slash = image.lastIndexOf('/');
    return !image.substring(slash + 1).contains(":") && !image.contains("@");
  }

  List<String> problems(String path) {
    List<String> p = new ArrayList<>();
    if ((image == null) == (nativeSpec == null)) {
      p.add(path + ": give exactly one of image (a container) or native (a systemd unit: {\"exec\": \"/usr/bin/...\"})");
    }
    if (image != null && !IMAGE.matcher(image).matches()) {
      p.add(path + ".image: must be an image reference such as myapp-web or registry.example.com/myapp:1.2 "
          + "(lowercase; the deployed version becomes the tag when none is given)");
    }
    if (nativeSpec != null) {
      if (nativeSpec.exec() == null || !ABSOLUTE_EXEC.matcher(nativeSpec.exec()).matches()) {
        p.add(path + ".native.exec: must be a command line starting with the program's absolute path, such as "
            + "/usr/bin/java -jar /opt/api.jar");
      } else if (nativeSpec.exec().contains("\n")) {
        p.add(path + ".native.exec: must be one line");
      }
      if (nativeSpec.user() != null && !nativeSpec.user().matches("[a-z_][a-z0-9_-]{0,31}")) {
        p.add(path + ".native.user: must be a system user name such as api");
      }
      for (String k : List.of("command", "volumes")) {
        if (k.equals("command") ? command != null : volumes != null) {
          p.add(path + "." + k + ": applies to containers only (a native service runs native.exec)");
        }
      }
    }
    if (containerPort != null && (port == null || nativeSpec != null)) {
      p.add(path + ".containerPort: needs a port, and applies to containers only (it maps port to containerPort)");
    }
    if (subdomain != null && port == null) p.add(path + ".subdomain: needs a port (the site proxies to it)");
    if (healthPath != null && port == null) p.add(path + ".healthPath: needs a port (the check requests it)");
    if (command != null && (command.isEmpty() || command.stream().anyMatch(c -> c == null || c.contains("\n")))) {
      p.add(path + ".command: must be a non-empty list of one-line arguments, such as [\"serve\", \"--port\", \"8080\"]");
    }
    if (environment != null) {
      environment.forEach((k, v) -> {
        if (v == null || v.contains("\n")) p.add(path + ".environment." + k + ": must be a one-line string");
      });
    }
    return p;
  }
}
