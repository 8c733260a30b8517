package dev.deploypipeline.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploypipeline.testutil.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The feed's numbering, its bounded replay buffer, and what it does with a stream that cannot keep up. */
class EventFeedTest {
  final TestClock clock = TestClock.at("2026-11-25T10:00:00Z");

  @Test
  void idsStartAboveAnyEarlierServersAndGrow() {
    EventFeed before = new EventFeed(clock, 10, Duration.ofSeconds(15));
    for (int i = 0; i < 5; i++) before.publish("progress", "d-1", Map.of("n", i));
    long lastBefore = before.open(0L, null).replay.get(4).id();
    clock.advance(Duration.ofMillis(1));
    EventFeed after = new EventFeed(clock, 10, Duration.ofSeconds(15));
    after.publish("progress", "d-1", Map.of());
    assertThat(after.open(0L, null).replay.get(0).id()).isGreaterThan(lastBefore);
  }

  @Test
  void theBufferKeepsTheNewestAndReplaysAfterTheGivenId() {
    EventFeed feed = new EventFeed(clock, 3, Duration.ofSeconds(15));
    for (int i = 0; i < 5; i++) feed.publish("progress", i % 2 == 0 ? "d-1" : "d-2", Map.of("n", i));
    List<EventFeed.Item> all = feed.open(0L, null).replay;
    assertThat(all).extracting(i -> i.data().get("n")).containsExactly(2, 3, 4);
    assertThat(feed.open(all.get(0).id(), null).replay).extracting(i -> i.data().get("n")).containsExactly(3, 4);
    assertThat(feed.open(0L, "d-1").replay).extracting(i -> i.data().get("n")).containsExactly(2, 4);
    assertThat(feed.open(null, null).replay).isEmpty();
  }

  @Test
  void aStreamThatFallsTooFarBehindIsEndedSoItsClientReconnectsAndReplays() throws Exception {
    EventFeed feed = new EventFeed(clock, 10, Duration.ofSeconds(15));
    EventFeed.Stream slow = feed.open(null, null);
    for (int i = 0; i <= EventFeed.STREAM_BACKLOG; i++) feed.publish("progress", "d-1", Map.of());
    assertThat(slow.next(Duration.ofSeconds(5))).isSameAs(EventFeed.END);
  }

  @Test
  void closingEndsStreamsAndDropsLaterEvents() throws Exception {
    EventFeed feed = new EventFeed(clock, 10, Duration.ofSeconds(15));
    EventFeed.Stream s = feed.open(null, null);
    feed.publish("progress", "d-1", Map.of());
    feed.close();
    List<EventFeed.Item> got = new ArrayList<>();
    got.add(s.next(Duration.ofSeconds(5)));
    assertThat(got).containsExactly(EventFeed.END);
    feed.publish("progress", "d-1", Map.of());
    assertThat(feed.open(0L, null).replay).hasSize(1);
    assertThat(feed.open(null, null).next(Duration.ofSeconds(5))).isSameAs(EventFeed.END);
  }
}
