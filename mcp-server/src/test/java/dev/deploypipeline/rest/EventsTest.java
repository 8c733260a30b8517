package dev.deploypipeline.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.web.WebFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-Sent Events over real HTTP: a deployment started over REST streams its transitions and stage progress
 * with growing ids; a reconnect with Last-Event-ID replays exactly what came after; a filter keeps one deployment;
 * idle streams get comment pings; stopping the server ends the streams instead of holding the stop up.
 */
class EventsTest {
  @TempDir Path dir;
  WebFixture f;

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  @Test
  void aStartStreamsItsTransitionsAndProgressAndAReconnectReplaysWhatCameAfter() throws Exception {
    f = WebFixture.start(dir, WebFixture.GOOD_CONFIG);
    List<SseClient.Sse> seen;
    try (SseClient sse = new SseClient(f, "/api/v1/events", null)) {
      assertThat(sse.status).isEqualTo(200);
      assertThat(sse.contentType).startsWith("text/event-stream");
      assertThat(f.post("/api/v1/deployments", "{\"branch\": \"main\"}").statusCode()).isEqualTo(201);
      seen = sse.until(e -> "awaiting-approval".equals(e.json().get("state")));
    }
    assertThat(seen).extracting(e -> Long.parseLong(e.id())).isSorted().doesNotHaveDuplicates();
    List<SseClient.Sse> transitions = seen.stream().filter(e -> "transition".equals(e.event())).toList();
    assertThat(transitions).extracting(e -> e.json().get("state")).containsSubsequence("validating", "building",
        "testing", "deploying-dev", "deploying-staging", "awaiting-approval");
    assertThat(transitions.get(0).json()).containsEntry("deploymentId", "d-1").containsEntry("service", "demo")
        .containsKeys("event", "at");
    assertThat(seen).filteredOn(e -> "progress".equals(e.event())).extracting(e -> e.json().get("kind"))
        .contains("stage-started");

    // Reconnect after the third event: the rest, in order, and nothing before it.
    try (SseClient again = new SseClient(f, "/api/v1/events", seen.get(2).id())) {
      List<SseClient.Sse> replayed = again.until(e -> e.id().equals(seen.get(seen.size() - 1).id()));
      assertThat(replayed).extracting(SseClient.Sse::id)
          .containsExactlyElementsOf(seen.subList(3, seen.size()).stream().map(SseClient.Sse::id).toList());
      assertThat(replayed).extracting(SseClient.Sse::data)
          .containsExactlyElementsOf(seen.subList(3, seen.size()).stream().map(SseClient.Sse::data).toList());
    }
  }

  @Test
  void aFilteredStreamCarriesOnlyItsDeploymentAndAnIdFromBeforeARestartReplaysAll() throws Exception {
    f = WebFixture.start(dir, WebFixture.GOOD_CONFIG).seeded();
    // Every id of this server is above "1", as above any id of a server that ran before it.
    try (SseClient sse = new SseClient(f, "/api/v1/events?deployment=d-2", "1")) {
      List<SseClient.Sse> d2 = sse.until(e -> "rolled-back".equals(e.json().get("state")));
      assertThat(d2).allSatisfy(e -> assertThat(e.json()).containsEntry("deploymentId", "d-2"));
      assertThat(d2.get(0).json()).containsEntry("event", "START");
    }
  }

  @Test
  void anIdleStreamGetsCommentPings() throws Exception {
    f = WebFixture.start(dir, WebFixture.GOOD_CONFIG, null, Duration.ofMillis(50),
        Map.of("DEPLOY_PIPELINE_USER", WebFixture.USER));
    try (SseClient sse = new SseClient(f, "/api/v1/events", null)) {
      assertThat(sse.comment(Duration.ofSeconds(30))).isNotNull().extracting(SseClient.Sse::comment)
          .isEqualTo("ping");
    }
  }

  @Test
  void stoppingTheServerEndsOpenStreamsPromptly() throws Exception {
    f = WebFixture.start(dir, WebFixture.GOOD_CONFIG);
    try (SseClient sse = new SseClient(f, "/api/v1/events", null)) {
      long t0 = System.nanoTime();
      f.web.stop();
      assertThat(sse.next()).isSameAs(SseClient.CLOSED);
      // the stop did not wait out its 10 s timeout for the stream
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(8);
    }
  }
}
