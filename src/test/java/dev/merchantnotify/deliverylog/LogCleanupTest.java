package dev.merchantnotify.deliverylog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The clean-up's SQL on a real (in-memory H2) database with the application's schema. */
class LogCleanupTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Instant OLD = NOW.minus(Duration.ofDays(40));
    private static final Instant RECENT = NOW.minus(Duration.ofDays(5));

    @Test
    void deletesFinishedNotificationsAndOldAttemptsInBatchesAndKeepsTheRest() throws SQLException {
        TestDatabase db = new TestDatabase();
        int finished = LogCleanup.NOTIFICATION_BATCH * 2 + 500;
        for (long id = 1; id <= finished; id++) {
            db.notification(id, id % 2 == 0 ? "SUCCESS" : "FAILED", 1, OLD, null);
            db.attempt(id, 1, OLD, 100, id % 2 == 0);
        }
        db.notification(9001, "PENDING", 1, OLD, null);
        db.attempt(9001, 1, OLD, 100, false);
        db.notification(9002, "FAILED", 5, OLD, RECENT);
        db.attempt(9002, 4, OLD, 100, false);
        db.attempt(9002, 5, RECENT, 100, false);
        db.notification(9003, "SUCCESS", 1, RECENT, null);
        db.attempt(9003, 1, RECENT, 100, true);

        LogCleanup.Result result = db.cleanup().deleteBefore(NOW.minus(Duration.ofDays(30)));

        assertEquals(finished, result.notifications());
        assertEquals(finished + 2, result.attempts(), "theirs, and the old ones of 9001 and 9002");
        assertEquals(3 + 1, result.batches(), "three batches of notifications, one of attempts");
        assertEquals(0, result.partitionsDropped(), "H2 keeps one table: nothing to drop");
        assertEquals(3, db.count("notification"), "pending, retried since, and recent are kept");
        assertEquals(2, db.count("delivery_attempt"), "9002's recent attempt and 9003's");

        assertEquals(0, db.cleanup().deleteBefore(NOW.minus(Duration.ofDays(30))).notifications(), "nothing left to do");
    }
}
