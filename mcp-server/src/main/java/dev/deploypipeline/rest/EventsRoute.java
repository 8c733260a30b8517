package dev.deploypipeline.rest;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code /events}: Server-Sent Events from the {@link EventFeed}, optionally for one deployment. A reconnecting
 * client sends {@code Last-Event-ID} (browsers do) and first gets what the buffer still holds after it; a comment
 * line every ping interval keeps proxies from closing an idle stream. One request thread per open stream.
 */
final class EventsRoute implements RouteGroup {
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");
  private final EventFeed feed;

  EventsRoute(EventFeed feed) {
    this.feed = feed;
  }

  @Override
  public List<Route> routes() {
    return List.of(new Route("GET", "/events", this::stream));
  }

  private Reply stream(Call c) throws IOException, InterruptedException {
    String deployment = c.query("deployment", Call.ID, "a deployment id such as d-42");
    String header = c.request.getHeader("Last-Event-ID");
    Long last = header != null && NUMBER.matcher(header.strip()).matches() ? Long.valueOf(header.strip()) : null;
    HttpServletResponse res = c.response;
    res.setStatus(200);
    res.setContentType("text/event-stream");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Cache-Control", "no-store");
    res.setHeader("X-Accel-Buffering", "no");
    ServletOutputStream out = res.getOutputStream();
    try (EventFeed.Stream s = feed.open(last, deployment)) {
      write(out, "retry: 3000\n\n");
      for (EventFeed.Item i : s.replay) write(out, format(i));
      out.flush();
      while (true) {
        EventFeed.Item i = s.next(feed.ping());
        if (i == EventFeed.END) break;
        write(out, i == null ? ": ping\n\n" : format(i));
        out.flush();
      }
    } catch (IOException gone) {
      // the client closed the stream: nothing to answer
    }
    return null;
  }

  static String format(EventFeed.Item i) {
    return "id: " + i.id() + "\nevent: " + i.type() + "\ndata: " + Json.write(i.data()) + "\n\n";
  }

  private static void write(ServletOutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }
}
