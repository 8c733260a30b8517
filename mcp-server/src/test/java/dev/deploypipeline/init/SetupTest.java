package dev.deploypipeline.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploypipeline.config.ConfigLoader;
import dev.deploypipeline.config.PipelineConfig;
import dev.deploypipeline.hosting.HostedService;
import dev.deploypipeline.hosting.HostingConfig;
import dev.deploypipeline.init.Setup.Format;
import dev.deploypipeline.init.Setup.Options;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetupTest {
  static final String COMPOSE = """
      services:
        web:
          image: "shop/web:${WEB_TAG:-1.4}"
          ports: ["127.0.0.1:8080:80"]
          env_file: ./web.env
          healthcheck:
            test: ["CMD", "curl", "-f", "http://localhost/healthz"]
        db:
          image: postgres:15
          ports: ["5432:5432"]
          volumes: ["pgdata:/var/lib/postgresql/data"]
        worker:
          build: .
          command: ["work", "--queue", "default"]
        Admin_UI:
          image: "${ADMIN_IMAGE}"
          ports:
            - target: 3000
              published: 3001
      volumes:
        pgdata: {}
      """;

  @TempDir Path root;
  private final Setup setup = new Setup(Map.<String, String>of()::get);

  private Path project(Map<String, String> files) throws IOException {
    Path dir = Files.createDirectories(root.resolve("shop"));
    for (var f : files.entrySet()) {
      Files.createDirectories(dir.resolve(f.getKey()).getParent());
      Files.writeString(dir.resolve(f.getKey()), f.getValue());
    }
    return dir;
  }

  private static PipelineConfig load(Path dir) {
    return new ConfigLoader(Map.<String, String>of()).load(dir);
  }

  @Test
  void aComposeProjectWithAUnitGetsAHostingSectionThatValidatesAsWritten() throws IOException {
    Path dir = project(Map.of("compose.yaml", COMPOSE, "pom.xml", "<project/>", "Caddyfile", ":80 {\n}\n",
        "deploy/systemd/billing.service", "[Service]\nExecStart=/usr/bin/java -jar /opt/billing.jar\nUser=billing\n"));
    Setup.Result r = setup.run(dir, new Options(null, "shop.example.com", Format.JSON, false, false));
    assertThat(r.outcome()).isEqualTo(Initializer.Outcome.WRITTEN);
    assertThat(r.written()).isTrue();
    assertThat(r.found()).contains("pom.xml (Maven)", "compose.yaml", "deploy/systemd/billing.service (systemd unit)",
        "Caddyfile");
    HostingConfig h = load(dir).hosting();
    assertThat(h.domain()).isEqualTo("shop.example.com");
    assertThat(h.composeFile()).isEqualTo("compose.yaml");
    assertThat(h.serviceMap()).containsOnlyKeys("web", "db", "worker", "admin-ui", "billing");
    HostedService web = h.serviceMap().get("web");
    assertThat(web.image()).isEqualTo("shop/web:1.4");
    assertThat(web.port()).isEqualTo(8080);
    assertThat(web.containerPort()).isEqualTo(80);
    assertThat(web.subdomain()).isEqualTo("web");
    assertThat(web.healthPath()).isEqualTo("/healthz");
    assertThat(web.envFile()).isEqualTo("web.env");
    HostedService db = h.serviceMap().get("db");
    assertThat(db.port()).isEqualTo(5432);
    assertThat(db.subdomain()).as("postgres speaks no HTTP: no site").isNull();
    assertThat(db.volumes()).containsExactly("pgdata:/var/lib/postgresql/data");
    assertThat(h.serviceMap().get("worker").image()).isEqualTo("shop-worker");
    assertThat(h.serviceMap().get("worker").command()).containsExactly("work", "--queue", "default");
    HostedService admin = h.serviceMap().get("admin-ui");
    assertThat(admin.image()).isEqualTo("shop-admin-ui");
    assertThat(admin.port()).isEqualTo(3001);
    assertThat(admin.containerPort()).isEqualTo(3000);
    assertThat(h.serviceMap().get("billing").nativeSpec().exec()).isEqualTo("/usr/bin/java -jar /opt/billing.jar");
    assertThat(h.serviceMap().get("billing").nativeSpec().user()).isEqualTo("billing");
  }

  @Test
  void aDockerfileOnlyProjectGetsOneWebServiceOnItsExposedPortUnderTheLocalhostDomain() throws IOException {
    Path dir = project(Map.of("Dockerfile", "FROM scratch\nEXPOSE 9090/tcp 9091\n"));
    setup.run(dir, new Options(null, null, Format.JSON, false, false));
    HostingConfig h = load(dir).hosting();
    assertThat(h.domain()).isEqualTo("shop.localhost");
    assertThat(h.serviceMap()).containsOnlyKeys("web");
    assertThat(h.serviceMap().get("web").port()).isEqualTo(9090);
    assertThat(h.siteAddress(h.serviceMap().get("web"))).isEqualTo("www.shop.localhost");
  }

  @Test
  void nothingToHostMeansNoHostingSectionButStillAValidConfig() throws IOException {
    Path dir = project(Map.of("go.mod", "module x"));
    Setup.Result r = setup.run(dir, new Options(null, null, Format.JSON, false, false));
    assertThat(r.hosting()).isNull();
    assertThat(load(dir).hosting()).isNull();
  }

  @Test
  void anExistingConfigKeepsItsStagesAndIsOnlyReplacedWithForceShowingTheDiff() throws IOException {
    Path dir = project(Map.of("Dockerfile", "FROM scratch\nEXPOSE 8080\n"));
    Path config = dir.resolve(".claude/deployment-config.json");
    Files.createDirectories(config.getParent());
    String before = new String(getClass().getResourceAsStream("/dev/deploypipeline/init/existing-config.json")
        .readAllBytes());
    Files.writeString(config, before);

    Setup.Result dry = setup.run(dir, new Options(null, null, Format.JSON, false, false));
    assertThat(dry.outcome()).isEqualTo(Initializer.Outcome.WOULD_REPLACE);
    assertThat(dry.written()).isFalse();
    assertThat(String.join("\n", dry.diff())).contains("+  \"hosting\": {", "+        \"image\": \"custom\"");
    assertThat(Files.readString(config)).isEqualTo(before);

    Setup.Result forced = setup.run(dir, new Options(null, null, Format.JSON, true, false));
    assertThat(forced.outcome()).isEqualTo(Initializer.Outcome.REPLACED);
    PipelineConfig c = load(dir);
    assertThat(c.service()).isEqualTo("custom");
    assertThat(c.stage("build").command()).isEqualTo("make custom-build");
    assertThat(c.hosting().serviceMap()).containsOnlyKeys("web");

    Setup.Result again = setup.run(dir, new Options(null, null, Format.JSON, false, false));
    assertThat(again.outcome()).isEqualTo(Initializer.Outcome.UNCHANGED);
  }

  @Test
  void yamlIsWrittenOnRequestAndLoads() throws IOException {
    Path dir = project(Map.of("compose.yaml", COMPOSE));
    Setup.Result r = setup.run(dir, new Options("shop", "shop.test", Format.YAML, false, false));
    assertThat(r.file().getFileName().toString()).isEqualTo("deployment-config.yaml");
    assertThat(load(dir).hosting().serviceMap()).containsKeys("web", "db");
    assertThat(Files.readString(r.file())).contains("hosting:\n  project: shop\n  domain: shop.test\n");
  }

  @Test
  void aDryRunWritesNothing() throws IOException {
    Path dir = project(Map.of("compose.yaml", COMPOSE));
    Setup.Result r = setup.run(dir, new Options(null, null, Format.JSON, false, true));
    assertThat(r.outcome()).isEqualTo(Initializer.Outcome.WRITTEN);
    assertThat(r.written()).isFalse();
    assertThat(dir.resolve(".claude")).doesNotExist();
  }

  @Test
  void aBadDomainOrServiceIsNamed() throws IOException {
    Path dir = project(Map.of("compose.yaml", COMPOSE));
    assertThatThrownBy(() -> setup.run(dir, new Options(null, "https://shop.test", Format.JSON, false, false)))
        .hasMessageContaining("hosting.domain: must be a domain name");
    assertThatThrownBy(() -> setup.run(dir, new Options("Bad Name", null, Format.JSON, false, false)))
        .hasMessageContaining("service:");
    assertThat(dir.resolve(".claude")).doesNotExist();
  }
}
