package dev.merchantnotify.deliverylog;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/**
 * The rows dispatch reads and writes on every delivery, in plain JDBC: one query loads a claimed batch, one JDBC
 * batch inserts its attempts and one more applies its status changes. (The same through JPA cost about three times the
 * CPU per notification: reading the rows again to change them, building and cloning entities, checking them for
 * changes.) Callers own the transaction, if any: the connection joins it.
 *
 * <p>Every status change is conditional: it applies only if the row is still PENDING with the number of attempts the
 * change was decided from, so an outcome that someone overtook (another node, an operator's retry) changes nothing.
 * The version column is raised like JPA's, so JPA writers of the same row notice the change.
 */
@ApplicationScoped
public class DeliveryRows {

    /** Attempt ids come from {@code delivery_attempt_seq} in blocks of this many, as JPA takes them. */
    static final int ATTEMPT_ID_BLOCK = 500;

    private static final String LOAD = "SELECT id, order_no, notify_url, merchant_key, format, payload, status, attempts, "
            + "next_attempt_at, created_at FROM notification WHERE id = ANY (?)";
    private static final String INSERT_ATTEMPT = "INSERT INTO delivery_attempt (id, notification_id, attempt_no, "
            + "started_at, duration_ms, http_status, success, response_excerpt, error_kind, error_message) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String CHANGE = "UPDATE notification SET status = ?, attempts = attempts + ?, "
            + "next_attempt_at = ?, delivered_at = ?, last_error = ?, version = version + 1 "
            + "WHERE id = ? AND status = 'PENDING' AND attempts = ?";

    @Resource(lookup = "jdbc/merchantNotify")
    DataSource dataSource;

    private final AttemptIds attemptIds = new AttemptIds();

    /** The notifications with these ids, in one query; ids without a row are simply absent. */
    public List<PendingRow> load(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(LOAD)) {
            Array idArray = connection.createArrayOf("BIGINT", ids.toArray());
            select.setArray(1, idArray);
            List<PendingRow> rows = new ArrayList<>(ids.size());
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new PendingRow(result.getLong(1), result.getString(2), result.getString(3),
                            result.getString(4), DeliveryFormat.valueOf(result.getString(5)), result.getString(6),
                            NotificationStatus.valueOf(result.getString(7)), result.getInt(8),
                            UtcTime.fromColumn(result.getObject(9, LocalDateTime.class)),
                            UtcTime.fromColumn(result.getObject(10, LocalDateTime.class))));
                }
            }
            idArray.free();
            return rows;
        } catch (SQLException e) {
            throw new DeliveryLogException("loading " + ids.size() + " claimed notification(s) failed", e);
        }
    }

    /**
     * Inserts the attempts and applies the status changes, as two JDBC batches on one connection.
     *
     * @return for each change, in order, whether it applied (false: the row had moved on; nothing was changed)
     */
    public boolean[] write(List<AttemptRow> attempts, List<StatusChange> changes) {
        try (Connection connection = dataSource.getConnection()) {
            if (!attempts.isEmpty()) {
                insertAttempts(connection, attempts);
            }
            return changes.isEmpty() ? new boolean[0] : applyChanges(connection, changes);
        } catch (SQLException e) {
            throw new DeliveryLogException("recording " + attempts.size() + " attempt(s) and " + changes.size()
                    + " status change(s) failed", e);
        }
    }

    private void insertAttempts(Connection connection, List<AttemptRow> attempts) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_ATTEMPT)) {
            for (AttemptRow attempt : attempts) {
                insert.setLong(1, attemptIds.next(connection));
                insert.setLong(2, attempt.notificationId());
                insert.setInt(3, attempt.attemptNo());
                insert.setObject(4, UtcTime.toColumn(attempt.startedAt()));
                insert.setLong(5, attempt.durationMs());
                if (attempt.httpStatus() == null) {
                    insert.setNull(6, Types.INTEGER);
                } else {
                    insert.setInt(6, attempt.httpStatus());
                }
                insert.setBoolean(7, attempt.success());
                insert.setString(8, clip(attempt.responseExcerpt(), DeliveryAttempt.MAX_EXCERPT_LENGTH));
                insert.setString(9, attempt.errorKind());
                insert.setString(10, clip(attempt.errorMessage(), Notification.MAX_ERROR_LENGTH));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static boolean[] applyChanges(Connection connection, List<StatusChange> changes) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(CHANGE)) {
            for (StatusChange change : changes) {
                update.setString(1, change.status().name());
                update.setInt(2, change.attemptsAdded());
                update.setObject(3, UtcTime.toColumn(change.nextAttemptAt()), Types.TIMESTAMP);
                update.setObject(4, UtcTime.toColumn(change.deliveredAt()), Types.TIMESTAMP);
                update.setString(5, clip(change.lastError(), Notification.MAX_ERROR_LENGTH));
                update.setLong(6, change.notificationId());
                update.setInt(7, change.attemptsBefore());
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            boolean[] applied = new boolean[changes.size()];
            for (int i = 0; i < applied.length; i++) {
                // SUCCESS_NO_INFO (-2) would mean "applied, count unknown"; neither H2 nor PostgreSQL answers it here.
                applied[i] = counts[i] > 0 || counts[i] == PreparedStatement.SUCCESS_NO_INFO;
            }
            return applied;
        }
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /** Hands out attempt ids from blocks of the sequence: [value - 499, value], as JPA's sequence generator does. */
    private static final class AttemptIds {
        private long next;
        private long last = -1;
        private String nextBlockSql;

        synchronized long next(Connection connection) throws SQLException {
            if (next > last) {
                if (nextBlockSql == null) {
                    nextBlockSql = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")
                            ? "SELECT nextval('delivery_attempt_seq')"
                            : "SELECT NEXT VALUE FOR delivery_attempt_seq";
                }
                try (PreparedStatement block = connection.prepareStatement(nextBlockSql);
                     ResultSet value = block.executeQuery()) {
                    value.next();
                    last = value.getLong(1);
                    next = last - ATTEMPT_ID_BLOCK + 1;
                }
            }
            return next++;
        }
    }
}
