package dev.deploypipeline.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.deploypipeline.config.ConfigException;
import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.PipelineConfig;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The hosting section through the real config loader: the contract's example loads, and each mistake is named. */
class HostingConfigTest {
  static final String BASE = """
      {"service": "myapp",
       "stages": {"validate": {"command": "true"}, "build": {"command": "true"}, "test": {"command": "true"}},
       "environments": {"dev": {"deploy": {"command": "true"}}, "staging": {"deploy": {"command": "true"}},
                        "prod": {"deploy": {"command": "true"}, "requiresApproval": true}},
       "hosting": %s}
      """;
  static final String CONTRACT = """
      {"project": "myapp", "domain": "example.test", "composeFile": "docker-compose.yml",
       "caddy": {"admin": "127.0.0.1:2019", "caddyfile": "Caddyfile"},
       "services": {
         "web": {"image": "myapp-web", "port": 8080, "subdomain": "www", "healthPath": "/health",
                 "envFile": ".env", "command": ["serve"], "volumes": ["data:/data"]},
         "worker": {"image": "myapp-worker"},
         "api": {"native": {"exec": "/usr/bin/java -jar /opt/api.jar", "user": "api"}, "port": 9000, "subdomain": "api"}}}
      """;

  static PipelineConfig load(String hosting) {
    return new ConfigLoader(Map.<String, String>of()).parse(BASE.formatted(hosting), "deployment-config.json");
  }

  @Test
  void theContractsExampleLoads() {
    HostingConfig h = load(CONTRACT).hosting();
    assertThat(h.projectOr("x")).isEqualTo("myapp");
    assertThat(h.containers()).containsOnlyKeys("web", "worker");
    assertThat(h.natives()).containsOnlyKeys("api");
    assertThat(h.natives().get("api").nativeSpec().user()).isEqualTo("api");
    assertThat(h.siteAddress(h.serviceMap().get("web"))).isEqualTo("www.example.test");
    assertThat(h.siteAddress(h.serviceMap().get("worker"))).isNull();
    assertThat(h.serviceMap().get("web").untaggedImage()).isTrue();
    assertThat(h.composeFileOrDefault()).isEqualTo("docker-compose.yml");
    assertThat(h.systemdDirOrDefault()).isEqualTo("deploy/systemd");
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("no services", "{\"domain\": \"example.test\"}", "hosting.services: is required"),
        Arguments.of("both image and native", "{\"services\": {\"a\": {\"image\": \"x\", \"native\": {\"exec\": \"/bin/true\"}}}}",
            "hosting.services.a: give exactly one of image (a container) or native"),
        Arguments.of("neither", "{\"services\": {\"a\": {\"port\": 80}}}", "hosting.services.a: give exactly one"),
        Arguments.of("relative exec", "{\"services\": {\"a\": {\"native\": {\"exec\": \"java -jar x\"}}}}",
            "hosting.services.a.native.exec: must be a command line starting with the program's absolute path"),
        Arguments.of("subdomain without port", "{\"domain\": \"d.test\", \"services\": {\"a\": {\"image\": \"x\", \"subdomain\": \"www\"}}}",
            "hosting.services.a.subdomain: needs a port"),
        Arguments.of("subdomain without domain", "{\"services\": {\"a\": {\"image\": \"x\", \"port\": 80, \"subdomain\": \"www\"}}}",
            "hosting.services.a.subdomain: needs hosting.domain"),
        Arguments.of("two sites alike", "{\"domain\": \"d.test\", \"services\": {\"a\": {\"image\": \"x\", \"port\": 80, \"subdomain\": \"www\"},"
            + " \"b\": {\"image\": \"y\", \"port\": 81, \"subdomain\": \"www\"}}}", "hosting.services.b.subdomain: site www.d.test is already served by a"),
        Arguments.of("two ports alike", "{\"services\": {\"a\": {\"image\": \"x\", \"port\": 80}, \"b\": {\"image\": \"y\", \"port\": 80}}}",
            "hosting.services.b.port: 80 is already used by a"),
        Arguments.of("port out of range", "{\"services\": {\"a\": {\"image\": \"x\", \"port\": 70000}}}",
            "hosting.services.a.port: must be a TCP port between 1 and 65535"),
        Arguments.of("uppercase image", "{\"services\": {\"a\": {\"image\": \"MyApp\"}}}", "hosting.services.a.image: must be an image reference"),
        Arguments.of("domain with scheme", "{\"domain\": \"https://x.test\", \"services\": {\"a\": {\"image\": \"x\"}}}",
            "hosting.domain: must be a domain name"),
        Arguments.of("compose file outside", "{\"composeFile\": \"../x.yml\", \"services\": {\"a\": {\"image\": \"x\"}}}",
            "hosting.composeFile: must be a file path relative to the project directory"),
        Arguments.of("public admin API", "{\"caddy\": {\"admin\": \"0.0.0.0:2019\"}, \"services\": {\"a\": {\"image\": \"x\"}}}",
            "hosting.caddy.admin: must be a loopback address"),
        Arguments.of("misspelt key", "{\"services\": {\"a\": {\"image\": \"x\", \"healthPth\": \"/h\"}}}", "hosting.services.a.healthPth: unknown key; did you mean 'healthPath'?"),
        Arguments.of("command on native", "{\"services\": {\"a\": {\"native\": {\"exec\": \"/bin/true\"}, \"command\": [\"x\"]}}}",
            "hosting.services.a.command: applies to containers only"),
        Arguments.of("bad network mode", "{\"networkMode\": \"overlay\", \"services\": {\"a\": {\"image\": \"x\"}}}",
            "hosting.networkMode: must be 'bridge'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void eachMistakeIsNamedWithItsPath(String name, String hosting, String expected) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(hosting));
    assertThat(e).as("%s should be rejected", name).isNotNull();
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(expected));
  }
}
