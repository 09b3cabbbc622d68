package dev.merchantnotify.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PendingOutcomeTest {

    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);

    {
        timers.setRemoveOnCancelPolicy(true);
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void theFirstAnswerSettlesItAndCancelsTheDeadline() throws Exception {
        PendingOutcome pending = new PendingOutcome(Instant.now(), System.nanoTime());
        pending.expireAfter(timers, 60_000, "too late");
        assertEquals(1, timers.getQueue().size());
        assertTrue(pending.delivered());
        assertFalse(pending.fail(FailureKind.REJECTED, "after the ack"), "settled once");
        assertEquals(0, timers.getQueue().size(), "the deadline's timer is gone");
        ChannelOutcome outcome = pending.result().get(1, TimeUnit.SECONDS);
        assertTrue(outcome.success());
        assertNull(outcome.error());
    }

    @Test
    void theDeadlineFailsItAsATimeoutAndALaterAnswerChangesNothing() throws Exception {
        PendingOutcome pending = new PendingOutcome(Instant.now(), System.nanoTime());
        pending.expireAfter(timers, 50, "no acknowledgement within 50 ms");
        ChannelOutcome outcome = pending.result().get(5, TimeUnit.SECONDS);
        assertEquals(FailureKind.TIMEOUT, outcome.failure());
        assertEquals("no acknowledgement within 50 ms", outcome.error());
        assertTrue(outcome.durationMs() >= 40, "its duration: " + outcome.durationMs());
        assertFalse(pending.delivered(), "a late answer is ignored");
    }

    @Test
    void aDeadlineSetAfterItWasSettledIsCancelledAtOnce() {
        PendingOutcome pending = new PendingOutcome(Instant.now(), System.nanoTime());
        pending.fail(FailureKind.NETWORK, "the socket closed");
        pending.expireAfter(timers, 60_000, "too late");
        assertEquals(0, timers.getQueue().size());
    }

    @Test
    void stoppedTimersRefuseTheDeadline() {
        timers.shutdown();
        PendingOutcome pending = new PendingOutcome(Instant.now(), System.nanoTime());
        assertThrows(RejectedExecutionException.class, () -> pending.expireAfter(timers, 1000, "x"));
    }

    @Test
    void aQuotedTextIsCutAtItsLimit() {
        assertEquals("short", ChannelOutcome.quote("short"));
        String quoted = ChannelOutcome.quote("x".repeat(500));
        assertEquals(ChannelOutcome.QUOTED_TEXT_LIMIT + 1, quoted.length());
        assertTrue(quoted.endsWith("…"));
        assertEquals("IllegalStateException", ChannelOutcome.quote(new IllegalStateException()));
        assertEquals("the cause", ChannelOutcome.quote(new RuntimeException(null, new Exception("the cause"))));
    }
}
