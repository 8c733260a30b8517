package dev.deploypipeline.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The signed override text: it round-trips, and neither an approval's text nor an edited line passes for one. */
class OverridePayloadTest {
  final OverridePayload p = new OverridePayload("promotion", "shop", "prod-eu+prod-us", "1.4.2",
      "0123456789abcdef0123456789abcdef01234567", "INC-42: staging is down", Instant.parse("2026-12-07T03:00:00Z"),
      "n-1");

  @Test
  void roundTrips() {
    assertThat(OverridePayload.parse(p.text())).isEqualTo(p);
    assertThat(p.text()).startsWith("deployment-pipeline override v1\nrule: promotion\n");
  }

  @Test
  void anApprovalPayloadIsNotAnOverride() {
    String approval = new ApprovalPayload("d-1", "shop", "prod", "abc", Instant.EPOCH, "approve", Instant.EPOCH, "n")
        .text();
    assertThatThrownBy(() -> OverridePayload.parse(approval)).hasMessageContaining("must start with "
        + "'deployment-pipeline override v1'");
  }

  @Test
  void aMissingOrExtraKeyOrBadInstantIsNamed() {
    assertThatThrownBy(() -> OverridePayload.parse(p.text().replace("reason: ", "why: ")))
        .hasMessageContaining("must have exactly the keys");
    assertThatThrownBy(() -> OverridePayload.parse(p.text().replace("2026-12-07T03:00:00Z", "today")))
        .hasMessageContaining("signed-at must be an ISO instant");
  }

  @Test
  void aReasonSpanningLinesCannotForgeAnotherKey() {
    assertThatThrownBy(() -> new OverridePayload("promotion", "shop", "prod", "1", "c", "x\nversion: 9",
        Instant.EPOCH, "n")).hasMessageContaining("one line");
  }
}
