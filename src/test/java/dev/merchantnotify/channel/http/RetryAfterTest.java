package dev.merchantnotify.channel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void readsRetryAfterAsSecondsOrHttpDate() {
        assertEquals(Duration.ofSeconds(120), RetryAfter.parse("120", NOW));
        assertEquals(Duration.ofSeconds(30), RetryAfter.parse("Mon, 23 Nov 2026 10:00:30 GMT", NOW));
        assertEquals(Duration.ZERO, RetryAfter.parse("Mon, 23 Nov 2026 09:00:00 GMT", NOW));
        assertNull(RetryAfter.parse("later", NOW));
        assertNull(RetryAfter.parse("-5", NOW));
        assertNull(RetryAfter.parse(null, NOW));
    }
}
