package dev.deploypipeline.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxies' text formats, as captured from Caddy 2.6.2 and HAProxy 2.6.12. */
class ParsersTest {
  @TempDir Path dir;

  @Test
  void showStatGivesPerServerResponsesAndErrorsByColumnName() {
    String csv = """
        # pxname,svname,econ,eresp,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,addr
        app,s1,0,0,0,18,0,1,1,0,127.0.0.1:9001
        app,s2,2,1,0,5,0,0,0,0,127.0.0.1:9002
        app,BACKEND,2,1,0,23,0,1,1,0,
        other,s1,0,0,0,99,0,0,0,0,127.0.0.1:9003
        """;
    Map<String, long[]> c = HaproxyStats.serverCounters(csv, "app");
    assertThat(c).containsOnlyKeys("s1", "s2");
    assertThat(c.get("s1")).containsExactly(20, 1);
    assertThat(c.get("s2")).containsExactly(8, 3);
  }

  @Test
  void accessLogsAreReadIncrementallyWithP95() throws Exception {
    Path log = dir.resolve("access.log");
    AccessLog caddy = new AccessLog(log, new CaddyLogLine());
    Files.writeString(log, """
        {"level":"info","logger":"http.log.access","status":200,"duration":0.010,"resp_headers":{"X-Upstream":["127.0.0.1:9001"]}}
        {"level":"error","logger":"http.log.access","status":502,"duration":0.001,"resp_headers":{"X-Upstream":["127.0.0.1:9002"]}}
        {"level":"info","msg":"not a request"}
        {"level":"info","status":200,"duration":0.5,"resp_headers":{"X-Upst""");
    Map<String, UpstreamCounters> first = caddy.counters();
    assertThat(first.get("127.0.0.1:9001")).isEqualTo(new UpstreamCounters(1, 0, 10.0));
    assertThat(first.get("127.0.0.1:9002")).isEqualTo(new UpstreamCounters(1, 1, 1.0));
    Files.writeString(log, "ream\":[\"127.0.0.1:9001\"]}}\n", StandardOpenOption.APPEND);
    assertThat(caddy.counters().get("127.0.0.1:9001")).isEqualTo(new UpstreamCounters(2, 0, 500.0));

    Path hlog = dir.resolve("haproxy.log");
    Files.writeString(hlog, "[NOTICE] haproxy started\npipeline-access 127.0.0.1:9001 200 3\n"
        + "pipeline-access 127.0.0.1:9001 500 7\npipeline-access -:- 503 0\n");
    AccessLog ha = new AccessLog(hlog, new HaproxyLogLine());
    assertThat(ha.counters()).containsOnlyKeys("127.0.0.1:9001");
    assertThat(ha.counters().get("127.0.0.1:9001")).isEqualTo(new UpstreamCounters(2, 1, 7.0));
  }
}
