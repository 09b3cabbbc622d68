package dev.merchantnotify.deliverylog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SQL behind operators' pause and recover, on a real (in-memory H2) database with the application's schema:
 * parking applies only while the merchant is paused in the database, parked rows are found and released, and a
 * recovery queues only the rows still in the state it was asked for.
 */
class DeliveryRowsOperatorTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final String PAUSED = "aaaaaaaaaaaaaaaa";
    private static final String ACTIVE = "bbbbbbbbbbbbbbbb";

    private TestDatabase db;
    private DeliveryRows rows;

    @BeforeEach
    void schema() throws SQLException {
        db = new TestDatabase();
        rows = new DeliveryRows();
        rows.dataSource = db.dataSource;
        merchant(PAUSED, NOW.minusSeconds(60));
        merchant(ACTIVE, null);
    }

    private void merchant(String key, Instant pausedAt) throws SQLException {
        db.execute("INSERT INTO merchant (merchant_key, notify_url, first_seen_at, status, status_changed_at, paused_at) "
                + "VALUES (?, ?, ?, 'NORMAL', ?, ?)", key, "http://" + key + ".example/n", UtcTime.toColumn(NOW),
                UtcTime.toColumn(NOW), UtcTime.toColumn(pausedAt));
    }

    private void notification(long id, String merchantKey, String status, Instant createdAt) throws SQLException {
        db.execute("INSERT INTO notification (id, order_no, event, notify_url, merchant_key, format, payload, status, "
                        + "attempts, next_attempt_at, created_at, version) VALUES (?, ?, 'order.paid', ?, ?, 'FORM', '{}', "
                        + "?, 1, ?, ?, 1)", id, "ORDER-" + id, "http://" + merchantKey + ".example/n", merchantKey,
                status, UtcTime.toColumn(createdAt), UtcTime.toColumn(createdAt));
    }

    @Test
    void parkingAppliesOnlyWhileTheMerchantIsPausedAndAtTheClaimedVersion() throws SQLException {
        notification(1, PAUSED, "PENDING", NOW);
        notification(2, ACTIVE, "PENDING", NOW);
        notification(3, PAUSED, "PENDING", NOW);

        boolean[] applied = rows.write(List.of(), List.of(StatusChange.parked(1, 1, PAUSED, "paused"),
                StatusChange.parked(2, 1, ACTIVE, "paused"), StatusChange.parked(3, 7, PAUSED, "paused"),
                StatusChange.delivered(3, 1, NOW)));

        assertArrayEquals(new boolean[] {true, false, false, true}, applied,
                "parked; merchant not paused; stale version; and an ordinary change beside them, in order");
        assertArrayEquals(new long[] {1}, rows.parked(PAUSED));
        assertEquals(1, rows.countParked(PAUSED));
        assertEquals(List.of(), rows.strayParked(Set.of(PAUSED), 100), "its merchant is still paused");

        db.execute("UPDATE merchant SET paused_at = NULL WHERE merchant_key = ?", PAUSED);
        assertEquals(List.of(1L), rows.strayParked(Set.of(), 100), "left parked by a resume");
        assertEquals(List.of(1L), rows.unpark(List.of(1L, 2L), NOW));
        assertEquals(List.of(), rows.unpark(List.of(1L), NOW), "released once");
        assertEquals(0, rows.countParked(PAUSED));
    }

    @Test
    void aReachableMerchantsWaitingRowsBecomeDueAndOnlyThose() throws SQLException {
        notification(20, ACTIVE, "PENDING", NOW.minusSeconds(30));
        db.execute("UPDATE notification SET next_attempt_at = ? WHERE id = 20", UtcTime.toColumn(NOW.plusSeconds(300)));
        notification(21, ACTIVE, "PENDING", NOW.minusSeconds(30)); // due already: in flight or queued, left alone
        notification(22, ACTIVE, "FAILED", NOW.minusSeconds(30));
        db.execute("UPDATE notification SET next_attempt_at = ? WHERE id = 22", UtcTime.toColumn(NOW.plusSeconds(300)));
        notification(23, PAUSED, "PENDING", NOW.minusSeconds(30));
        db.execute("UPDATE notification SET next_attempt_at = ? WHERE id = 23", UtcTime.toColumn(NOW.plusSeconds(300)));

        assertArrayEquals(new long[] {20}, rows.waiting(ACTIVE, NOW, 100));
        assertEquals(List.of(20L), rows.dueNow(List.of(20L, 21L), NOW));
        assertEquals(List.of(), rows.dueNow(List.of(20L), NOW), "due once");
        assertArrayEquals(new long[0], rows.waiting(ACTIVE, NOW, 100));
    }

    @Test
    void aRecoveryFindsTheMerchantsRowsInTheStateAndRangeAndQueuesThoseStillInThatState() throws SQLException {
        Instant since = NOW.minus(Duration.ofHours(2));
        notification(10, ACTIVE, "FAILED", NOW.minus(Duration.ofHours(3)));
        notification(11, ACTIVE, "FAILED", NOW.minus(Duration.ofHours(1)));
        notification(12, ACTIVE, "SUCCESS", NOW.minus(Duration.ofHours(1)));
        notification(13, PAUSED, "FAILED", NOW.minus(Duration.ofHours(1)));
        notification(14, ACTIVE, "FAILED", NOW.minus(Duration.ofMinutes(30)));
        notification(15, ACTIVE, "FAILED", NOW.plus(Duration.ofHours(1)));

        assertArrayEquals(new long[] {11, 14}, rows.recoverable(ACTIVE, NotificationStatus.FAILED, since, NOW));
        assertEquals(2, rows.countRecoverable(ACTIVE, NotificationStatus.FAILED, since, NOW));
        assertArrayEquals(new long[] {12}, rows.recoverable(ACTIVE, NotificationStatus.SUCCESS, since, NOW));

        db.execute("UPDATE notification SET status = 'SUCCESS' WHERE id = 14");
        assertEquals(List.of(11L), rows.requeueIf(List.of(11L, 14L), NotificationStatus.FAILED, NOW),
                "14 was delivered meanwhile: left alone");
        assertEquals(0, rows.countRecoverable(ACTIVE, NotificationStatus.FAILED, since, NOW));
        assertEquals(1, rows.load(List.of(11L)).get(0).attempts(), "its attempts are kept, the budget starts again");
        assertEquals(1, rows.load(List.of(11L)).get(0).attemptBase());
        assertEquals(NotificationStatus.PENDING, rows.load(List.of(11L)).get(0).status());
    }
}
