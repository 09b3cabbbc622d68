package dev.merchantnotify.deliverylog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 database with the application's own migrations applied, and rows written as SQL. */
public final class TestDatabase {

    public final JdbcDataSource dataSource = new JdbcDataSource();
    private long nextAttemptId = 1;

    public TestDatabase() {
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .table("merchant_notify_schema_history").load().migrate();
    }

    /** The application's row writer on this database. */
    public DeliveryRows rows() {
        DeliveryRows rows = new DeliveryRows();
        rows.dataSource = dataSource;
        return rows;
    }

    /** The application's log clean-up on this database (H2: the attempts are one table, not day partitions). */
    public LogCleanup cleanup() {
        LogCleanup cleanup = new LogCleanup();
        cleanup.dataSource = dataSource;
        cleanup.partitions = new AttemptPartitions();
        return cleanup;
    }

    void notification(long id, String status, int attempts, Instant createdAt, Instant retriedAt) throws SQLException {
        execute("INSERT INTO notification (id, order_no, event, notify_url, merchant_key, format, payload, status, "
                        + "attempts, created_at, retried_at, version) VALUES (?, ?, 'order.paid', 'http://m.example/n', "
                        + "'0123456789abcdef', 'FORM', '{}', ?, ?, ?, ?, 1)",
                id, "ORDER-" + id, status, attempts, UtcTime.toColumn(createdAt), UtcTime.toColumn(retriedAt));
    }

    void attempt(long notificationId, int attemptNo, Instant startedAt, long durationMs, boolean success)
            throws SQLException {
        execute("INSERT INTO delivery_attempt (id, notification_id, attempt_no, started_at, duration_ms, http_status, "
                        + "success) VALUES (?, ?, ?, ?, ?, ?, ?)",
                nextAttemptId++, notificationId, attemptNo, UtcTime.toColumn(startedAt), durationMs,
                success ? 200 : 500, success);
    }

    public long count(String table) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             var result = connection.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    public void execute(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
