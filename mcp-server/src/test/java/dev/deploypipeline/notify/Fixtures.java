package dev.deploypipeline.notify;

import dev.deploypipeline.secrets.Redactor;
import dev.deploypipeline.store.AuditRecord;
import dev.deploypipeline.workflow.Approval;
import dev.deploypipeline.workflow.Deployment;
import dev.deploypipeline.workflow.Retrier;
import dev.deploypipeline.workflow.RetryPolicy;
import dev.deploypipeline.workflow.Sleeper;
import dev.deploypipeline.workflow.StageRun;
import dev.deploypipeline.workflow.State;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Shared test data: a fixed clock, a sleeper that records instead of waiting, an audit sink, deployments. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(T0.plusSeconds(125), ZoneOffset.UTC);
  static final RetryPolicy POLICY = new RetryPolicy(3, 1000, 2.0, java.util.Set.of(), 60_000);

  private Fixtures() {}

  static final class RecordingSleeper implements Sleeper {
    final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void sleep(Duration d) {
      slept.add(d);
    }
  }

  static final class AuditSink implements Consumer<AuditRecord> {
    final List<AuditRecord> records = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void accept(AuditRecord r) {
      records.add(r);
    }

    List<AuditRecord> snapshot() {
      synchronized (records) {
        return List.copyOf(records);
      }
    }
  }

  static Deployment deployment(State state) {
    return Deployment.create("d-42", "checkout-svc", "main", "0123456789abcdef0123", "1.4.2", "jdoe", T0)
        .withState(state, T0.plusSeconds(100));
  }

  static Deployment withHarness(Deployment d) {
    StageRun run = StageRun.started("deploy-staging", "harness", T0, null)
        .withExternal(Map.of("executionId", "abc", "executionUrl", "https://app.harness.io/ng/account/x/executions/abc"));
    return d.withStage(run, T0.plusSeconds(50));
  }

  static Deployment approved(Deployment d) {
    return d.withApproval(new Approval(Approval.APPROVE, "alice", "ship it", T0.plusSeconds(60), T0.plusSeconds(90)),
        T0.plusSeconds(90));
  }

  static DeploymentNotification notification(NotificationKind kind, State state, String detail) {
    Deployment d = withHarness(deployment(state));
    return new DeploymentNotification(kind, d, "prod", kind == NotificationKind.STAGE_FAILED ? "build" : null, detail,
        "https://deploy.example.com/d/d-42", NotificationMapper.executionUrl(d),
        kind == NotificationKind.AWAITING_APPROVAL ? DeploymentNotification.approveCommandFor("d-42") : null,
        CLOCK.instant());
  }

  /** A 3,000-character failure log whose last line says what broke. */
  static String failureLog() {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (b.length() < 2950) b.append("[INFO] compiling module <m").append(i++).append("> & friends\n");
    b.append("[ERROR] BUILD FAILED: tests in PaymentTest");
    String s = b.toString();
    return s.length() >= 3000 ? s.substring(s.length() - 3000) : "#".repeat(3000 - s.length()) + s;
  }

  static Delivery delivery(Sleeper sleeper, Consumer<AuditRecord> audit, Redactor redactor) {
    return new Delivery(new Retrier(POLICY, sleeper), audit, redactor, CLOCK);
  }

  /** A port on 127.0.0.1 with nothing listening: connecting is refused at once. */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
