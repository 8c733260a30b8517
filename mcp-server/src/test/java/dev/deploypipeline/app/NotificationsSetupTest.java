package dev.deploypipeline.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.engine.LazyListener;
import dev.deploypipeline.notify.NotificationDispatcher;
import dev.deploypipeline.store.AuditEntry;
import dev.deploypipeline.store.FileDeploymentStore;
import dev.deploypipeline.testutil.RecordingSleeper;
import dev.deploypipeline.testutil.TestClock;
import dev.deploypipeline.testutil.TestProjects;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Event;
import dev.deploypipeline.workflow.State;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config that breaks while a server runs costs the notifications of that time only, and says so. */
class NotificationsSetupTest {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  // No traffic: nothing in this test produces a notification, the dispatcher is only built.
  static final Map<String, String> ENV = Map.of("SLACK_WEBHOOK_URL", "http://127.0.0.1:9/hook");

  @TempDir Path dir;
  final TestClock clock = new TestClock(T0);
  FileDeploymentStore store;

  Path writeConfig(String json) throws Exception {
    store = new FileDeploymentStore(dir.resolve(".claude").resolve("deployments"), clock);
    Path config = Files.createDirectories(dir.resolve(".claude")).resolve("deployment-config.json");
    Files.writeString(config, json);
    return config;
  }

  LazyListener lazy() {
    return new LazyListener(new NotificationsSetup(dir, ENV, new RecordingSleeper(clock), clock, store)::attempt);
  }

  @Test
  void aBrokenConfigIsReportedOnceAuditedPerDeploymentAndRetriedUntilItLoads() throws Exception {
    Path config = writeConfig("{\"service\": 42}");
    LazyListener lazy = lazy();
    Deployment a = store.write(w -> w.save(Deployment.create(w.nextId(), "svc", "main", "c1", "v1", "me", T0)));
    Deployment b = store.write(w -> w.save(Deployment.create(w.nextId(), "svc", "main", "c2", "v2", "me", T0)));

    PrintStream realErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      lazy.transitioned(a, State.PENDING, Event.START, "me");
      lazy.transitioned(a, State.PENDING, Event.START, "me");
      lazy.transitioned(b, State.PENDING, Event.START, "me");
    } finally {
      System.setErr(realErr);
    }

    String logged = err.toString(StandardCharsets.UTF_8);
    assertThat(logged.split("notifications are off until the config loads", -1)).as(logged).hasSize(2);
    assertThat(logged).contains("deployment-config.json");
    for (Deployment d : List.of(a, b)) {
      List<AuditEntry> skipped = store.audit(d.id()).stream()
          .filter(e -> NotificationsSetup.SKIPPED.equals(e.event())).toList();
      assertThat(skipped).as(d.id()).hasSize(1);
      assertThat(skipped.get(0).details().get("error").toString()).startsWith("config: ")
          .contains("stages.build: is missing");
    }
    assertThat(lazy.get()).as("still asking while the config is broken").isEmpty();

    // Fixed: the next event builds the dispatcher, without a restart.
    Files.writeString(config, TestProjects.config("true", "true", "true", "true", "true",
        "\"notifications\":{\"channels\":[\"slack\"]}"));
    assertThat(lazy.get()).get().isInstanceOf(NotificationDispatcher.class);
    lazy.close();
  }

  @Test
  void aValidConfigWithoutNotificationsSettlesIt() throws Exception {
    Path config = writeConfig(TestProjects.config("true", "true", "true", "true", "true", null));
    LazyListener lazy = lazy();

    assertThat(lazy.get()).isEmpty();
    // Settled: a notifications section added now waits for a restart, as before.
    Files.writeString(config, TestProjects.config("true", "true", "true", "true", "true",
        "\"notifications\":{\"channels\":[\"slack\"]}"));
    assertThat(lazy.get()).isEmpty();
  }
}
