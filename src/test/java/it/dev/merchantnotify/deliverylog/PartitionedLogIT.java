package it.dev.merchantnotify.deliverylog;

import static it.dev.merchantnotify.NotifyApi.notificationJson;
import static it.dev.merchantnotify.NotifyApi.uniqueOrderNo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi.Answer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/**
 * The delivery log on PostgreSQL (CI's PostgreSQL pass, {@code DB_TYPE=postgres}): attempts are partitioned by UTC
 * day, the next days' partitions exist, and a clean-up drops the whole days before its cut-off as partitions, counts
 * their lines, and deletes the rest by rows. The H2 pass keeps one table, which the admin API's tests clean by rows.
 */
class PartitionedLogIT extends AgainstServer {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private static Connection database() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + System.getenv().getOrDefault("PG_HOST", "127.0.0.1")
                + ":" + System.getenv().getOrDefault("PG_PORT", "5432") + "/" + System.getenv().getOrDefault("PG_DB",
                "test"), System.getenv().getOrDefault("PG_USER", "postgres"), System.getenv().getOrDefault(
                "PG_PASSWORD", ""));
    }

    private static boolean exists(Connection db, String table) throws SQLException {
        try (PreparedStatement find = db.prepareStatement("SELECT to_regclass(?)")) {
            find.setString(1, table);
            try (ResultSet result = find.executeQuery()) {
                result.next();
                return result.getString(1) != null;
            }
        }
    }

    @Test
    void aCleanupDropsTheOldDaysAsPartitionsAndKeepsTheRecentOnes() throws Exception {
        assumeTrue("postgres".equals(System.getenv("DB_TYPE")), "partitions are PostgreSQL's (CI's second pass)");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate old = today.minusDays(40);
        String oldPartition = "delivery_attempt_p" + DAY.format(old);

        String keptOrder = uniqueOrderNo("kept");
        String oldOrder = uniqueOrderNo("old");
        long kept = submitted(keptOrder);
        long aged = submitted(oldOrder);
        api.awaitStatus(kept, "success", WAIT);
        api.awaitStatus(aged, "success", WAIT);

        try (Connection db = database(); Statement statement = db.createStatement()) {
            try (ResultSet kind = statement.executeQuery(
                    "SELECT relkind FROM pg_class WHERE oid = to_regclass('delivery_attempt')")) {
                assertTrue(kind.next());
                assertEquals("p", kind.getString(1), "delivery_attempt is a partitioned table");
            }
            for (int ahead = 0; ahead <= 7; ahead++) {
                assertTrue(exists(db, "delivery_attempt_p" + DAY.format(today.plusDays(ahead))),
                        "the partition of today + " + ahead + " is ready");
            }
            // A day partition from 40 days ago, as the nodes made it then, holding the aged notification's attempts.
            statement.execute("CREATE TABLE IF NOT EXISTS " + oldPartition + " PARTITION OF delivery_attempt FOR VALUES "
                    + "FROM ('" + old.atStartOfDay() + "') TO ('" + old.plusDays(1).atStartOfDay() + "')");
            LocalDateTime then = old.atTime(10, 0);
            try (PreparedStatement age = db.prepareStatement(
                    "UPDATE notification SET created_at = ?, delivered_at = ? WHERE id = ?")) {
                age.setObject(1, then);
                age.setObject(2, then);
                age.setLong(3, aged);
                assertEquals(1, age.executeUpdate());
            }
            try (PreparedStatement age = db.prepareStatement(
                    "UPDATE delivery_attempt SET started_at = ? WHERE notification_id = ?")) {
                age.setObject(1, then);
                age.setLong(2, aged);
                assertEquals(1, age.executeUpdate(), "the update moves the row into the old day's partition");
            }
            try (PreparedStatement copy = db.prepareStatement("INSERT INTO delivery_attempt (id, notification_id, "
                    + "attempt_no, started_at, duration_ms, success, channel) SELECT -id - ?, notification_id, "
                    + "attempt_no + ?, started_at + INTERVAL '1 minute' * ?, duration_ms, false, channel "
                    + "FROM delivery_attempt WHERE notification_id = ? AND attempt_no = 1")) {
                for (int i = 1; i <= 2; i++) {
                    copy.setLong(1, i);
                    copy.setInt(2, i);
                    copy.setInt(3, i);
                    copy.setLong(4, aged);
                    copy.addBatch();
                }
                copy.executeBatch();
            }
            try (ResultSet inOld = statement.executeQuery("SELECT COUNT(*) FROM " + oldPartition)) {
                inOld.next();
                assertEquals(3, inOld.getInt(1), "three attempts in the old day's partition");
            }
        }

        Answer cleanup = api.adminPost("cleanup", "{\"days\":30}");
        assertEquals(200, cleanup.status(), cleanup.rawBody());
        assertTrue(cleanup.data().getInt("dropped_partitions") >= 1, cleanup.rawBody());
        assertTrue(cleanup.data().getInt("deleted_logs") >= 3, cleanup.rawBody());
        assertTrue(cleanup.data().getInt("deleted_notifications") >= 1, cleanup.rawBody());
        try (Connection db = database()) {
            assertTrue(!exists(db, oldPartition), "the old day's partition is dropped");
            assertTrue(exists(db, "delivery_attempt_p" + DAY.format(today)), "today's stays");
        }
        assertEquals(404, api.get("/api/v1/notifications/" + aged).status(), "the aged notification is gone");
        assertEquals("success", api.notification(kept).getString("status"), "today's notification is kept");
        assertEquals(1, api.admin("logs?order_no=" + keptOrder).data().getInt("total"), "and its log line");
        assertEquals(0, api.admin("logs?order_no=" + oldOrder).data().getInt("total"));
    }

    private long submitted(String orderNo) {
        Answer answer = api.submit(notificationJson(orderNo, merchant.url("/ok"), null));
        assertEquals(202, answer.status(), answer.rawBody());
        return answer.data().getJsonNumber("id").longValue();
    }
}
