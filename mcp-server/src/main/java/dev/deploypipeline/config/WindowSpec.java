package dev.deploypipeline.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * A deployment window: {@code {"days": ["mon", ...], "from": "09:00", "to": "17:00", "timeZone": "Europe/Berlin"}}.
 * No days means every day; the range is [from, to) on one day (split a window that spans midnight in two). The
 * zone and the order of from/to are checked by {@link PolicyChecks}.
 */
public record WindowSpec(
    List<@NotNull(message = "must be a day: mon, tue, wed, thu, fri, sat or sun")
        @Pattern(regexp = "mon|tue|wed|thu|fri|sat|sun", message = "must be one of mon, tue, wed, thu, fri, sat, sun")
        String> days,
    @NotNull(message = "is required: a local time such as \"09:00\"")
        @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d", message = "must be a 24-hour time HH:MM such as \"09:00\"")
        String from,
    @NotNull(message = "is required: a local time such as \"17:00\" (24:00 is written \"23:59\")")
        @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d", message = "must be a 24-hour time HH:MM such as \"17:00\"")
        String to,
    @NotNull(message = "is required: an IANA time zone such as \"Europe/Berlin\" or \"UTC\"") String timeZone) {}
