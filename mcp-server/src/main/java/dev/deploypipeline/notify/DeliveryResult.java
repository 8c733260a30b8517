package dev.deploypipeline.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How one delivery ended, after its retries. {@code status} is {@code sent} or the last attempt's code
 * ({@code http-500}, {@code timeout}, …); {@code error} is redacted and null on success.
 */
public record DeliveryResult(String channel, NotificationKind kind, boolean delivered, String status, int attempts,
    String error) {

  /** The shape of the {@code notify_test} tool's structured output. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("channel", channel);
    m.put("delivered", delivered);
    m.put("status", status);
    m.put("attempts", attempts);
    if (error != null) m.put("error", error);
    return m;
  }
}
