package dev.deploypipeline.compose;

import static dev.deploypipeline.compose.Compose.only;
import static dev.deploypipeline.compose.Compose.validate;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PortsTest {

  @ParameterizedTest
  @ValueSource(strings = {"80", "8080:80", "127.0.0.1:8080:80", "127.0.0.1::80", "[::1]:8080:80", "8000-8010:8000-8010",
      "9000-9010:80", "53:53/udp", "5000:5000/sctp", "0.0.0.0:443:443/tcp", "3000-3005"})
  void validShortSyntax(String port) {
    ComposeReport r = validate("services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"" + port + "\"\n");
    assertThat(r.findings()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "80:80/http|unknown protocol 'http' (use tcp, udp or sctp)",
      "70000:80|host port 70000 is outside 1-65535",
      "8080:|the container port is missing",
      "127.0.0.1:3001|host port '127.0.0.1' is not a number or a range like 8000-8010",
      "300.0.0.1:80:80|'300.0.0.1' is not an IP address",
      "8000-8002:80-81|host range 8000-8002 and container range 80-81 differ in size",
      "90-80:80|host port range 90-80 ends before it starts",
  })
  void invalidShortSyntax(String port, String reason) {
    ComposeReport r = validate("services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"" + port + "\"\n");
    assertThat(only(r, Rule.PORT_SYNTAX)).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(5);
      assertThat(f.message()).isEqualTo("service 'web': invalid port '" + port + "': " + reason);
    });
  }

  @Test
  void longSyntaxNeedsATarget() {
    ComposeReport r = validate("services:\n  web:\n    image: nginx:1.27\n    ports:\n      - published: 8080\n");
    assertThat(only(r, Rule.PORT_SYNTAX)).singleElement()
        .satisfies(f -> assertThat(f.message()).isEqualTo("service 'web': port mapping has no target"));
  }

  @Test
  void conflictBetweenServicesIsReportedAtTheSecondWithTheFirstsLocation() {
    ComposeReport r = validate("""
        services:
          web:
            image: nginx:1.27
            ports: ["8080:80"]
          api:
            image: nginx:1.27
            ports:
              - target: 3000
                published: "8080"
        """);
    assertThat(only(r, Rule.PORT_CONFLICT)).singleElement().satisfies(f -> {
      assertThat(f.line()).isEqualTo(8);
      assertThat(f.message()).isEqualTo(
          "service 'api' publishes host port 8080/tcp, already published by service 'web' at compose.yaml:4");
    });
  }

  @Test
  void rangesOverlapAndAnchorsShareConflicts() {
    ComposeReport r = validate("""
        x-ports: &ports
          ports: ["9000-9010:9000-9010"]
        services:
          a:
            image: nginx:1.27
            <<: *ports
          b:
            image: nginx:1.27
            <<: *ports
          c:
            image: nginx:1.27
            ports: ["9005:80"]
        """);
    assertThat(only(r, Rule.PORT_CONFLICT)).extracting(Finding::line, Finding::message).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(2, "service 'b' publishes host port 9000/tcp (via an anchor merged into it at line 7), already published by service 'a' at compose.yaml:2"),
        org.assertj.core.groups.Tuple.tuple(12, "service 'c' publishes host port 9005/tcp, already published by service 'a' at compose.yaml:2"));
  }

  @Test
  void differentProtocolsOrHostIpsDoNotConflict() {
    ComposeReport r = validate("""
        services:
          a:
            image: nginx:1.27
            ports: ["53:53/udp", "127.0.0.1:80:80"]
          b:
            image: nginx:1.27
            ports: ["53:53/tcp", "127.0.0.2:80:80"]
        """);
    assertThat(only(r, Rule.PORT_CONFLICT)).isEmpty();
  }

  @Test
  void wildcardOverlapsASpecificAddress() {
    ComposeReport r = validate("""
        services:
          a:
            image: nginx:1.27
            ports: ["127.0.0.1:80:80"]
          b:
            image: nginx:1.27
            ports: ["80:8080"]
        """);
    assertThat(only(r, Rule.PORT_CONFLICT)).hasSize(1);
  }
}
