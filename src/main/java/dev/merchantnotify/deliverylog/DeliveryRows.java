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
 * The rows every notification passes through, in plain JDBC: ingest inserts a batch with one query for duplicates and
 * one JDBC batch; dispatch loads a claimed batch with one query, and records its outcomes with one JDBC batch of
 * attempt rows and one of status changes. (Through JPA the same cost far more CPU per notification: reading rows again
 * to change them, building, cloning and change-checking entities.) Callers own the transaction, if any: the
 * connection joins it. Reads for people (the API, the console) go through JPA ({@link Notifications}).
 *
 * <p>Every status change is conditional: it applies only if the row is still PENDING at the version the change was
 * decided from, so an outcome that someone overtook (another node, an operator's retry) changes nothing. Every write
 * raises the version column, like JPA's optimistic lock.
 */
@ApplicationScoped
public class DeliveryRows {

    /** Ids come from {@code notification_seq} and {@code delivery_attempt_seq} in blocks of this many (V1 schema). */
    static final int NOTIFICATION_ID_BLOCK = 100;
    static final int ATTEMPT_ID_BLOCK = 500;

    private static final String FIND_BY_ORDER_NOS = "SELECT id, order_no, event, merchant_key, status FROM notification "
            + "WHERE order_no = ANY (?)";
    private static final String INSERT_PENDING = "INSERT INTO notification (id, order_no, event, notify_url, "
            + "merchant_key, format, payload, status, attempts, next_attempt_at, created_at, version) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, 1)";
    private static final String LOAD = "SELECT id, order_no, notify_url, merchant_key, format, payload, status, attempts, "
            + "attempt_base, next_attempt_at, created_at, retried_at, version FROM notification WHERE id = ANY (?)";
    private static final String INSERT_ATTEMPT = "INSERT INTO delivery_attempt (id, notification_id, attempt_no, "
            + "started_at, duration_ms, http_status, success, response_excerpt, error_kind, error_message) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String REQUEUE = "UPDATE notification SET status = 'PENDING', attempt_base = attempts, "
            + "retried_at = ?, next_attempt_at = ?, delivered_at = NULL, version = version + 1 WHERE id = ?";
    private static final String CHANGE = "UPDATE notification SET status = ?, attempts = attempts + ?, "
            + "next_attempt_at = ?, delivered_at = ?, last_error = ?, version = version + 1 "
            + "WHERE id = ? AND status = 'PENDING' AND version = ?";

    @Resource(lookup = "jdbc/merchantNotify")
    DataSource dataSource;

    private final IdBlocks notificationIds = new IdBlocks("notification_seq", NOTIFICATION_ID_BLOCK);
    private final IdBlocks attemptIds = new IdBlocks("delivery_attempt_seq", ATTEMPT_ID_BLOCK);

    /** The notifications of these orders, any event: the candidates for an idempotency check. */
    public List<NotificationRef> findByOrderNos(Collection<String> orderNos) {
        return selectByArray(FIND_BY_ORDER_NOS, "VARCHAR", orderNos, result -> new NotificationRef(result.getLong(1),
                result.getString(2), result.getString(3), result.getString(4),
                NotificationStatus.valueOf(result.getString(5))), "looking up " + orderNos.size() + " order(s)");
    }

    /** Inserts PENDING notifications, due at once, as one JDBC batch; returns their ids in order. */
    public long[] insertPending(List<NewNotification> notifications, Instant createdAt) {
        long[] ids = new long[notifications.size()];
        if (notifications.isEmpty()) {
            return ids;
        }
        LocalDateTime created = UtcTime.toColumn(createdAt);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT_PENDING)) {
            for (int i = 0; i < ids.length; i++) {
                NewNotification notification = notifications.get(i);
                ids[i] = notificationIds.next(connection);
                insert.setLong(1, ids[i]);
                insert.setString(2, notification.orderNo());
                insert.setString(3, notification.event());
                insert.setString(4, notification.notifyUrl());
                insert.setString(5, notification.merchantKey());
                insert.setString(6, notification.format().name());
                insert.setString(7, notification.payload());
                insert.setObject(8, created);
                insert.setObject(9, created);
                insert.addBatch();
            }
            insert.executeBatch();
            return ids;
        } catch (SQLException e) {
            throw new DeliveryLogException("storing " + ids.length + " notification(s) failed", e);
        }
    }

    /**
     * An operator's retry: each notification becomes PENDING and due at {@code at}, whatever its state, with a fresh
     * attempt budget (the attempts made so far become its {@code attempt_base}). One JDBC batch.
     *
     * @return how many rows changed
     */
    public int requeue(Collection<Long> ids, Instant at) {
        LocalDateTime when = UtcTime.toColumn(at);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(REQUEUE)) {
            for (Long id : ids) {
                update.setObject(1, when);
                update.setObject(2, when);
                update.setLong(3, id);
                update.addBatch();
            }
            int changed = 0;
            for (int count : update.executeBatch()) {
                changed += Math.max(count, 0);
            }
            return changed;
        } catch (SQLException e) {
            throw new DeliveryLogException("queueing " + ids.size() + " notification(s) again failed", e);
        }
    }

    /** The notifications with these ids, in one query; ids without a row are simply absent. */
    public List<PendingRow> load(Collection<Long> ids) {
        return selectByArray(LOAD, "BIGINT", ids, result -> new PendingRow(result.getLong(1), result.getString(2),
                result.getString(3), result.getString(4), DeliveryFormat.valueOf(result.getString(5)),
                result.getString(6), NotificationStatus.valueOf(result.getString(7)), result.getInt(8), result.getInt(9),
                UtcTime.fromColumn(result.getObject(10, LocalDateTime.class)),
                UtcTime.fromColumn(result.getObject(11, LocalDateTime.class)),
                UtcTime.fromColumn(result.getObject(12, LocalDateTime.class)), result.getLong(13)),
                "loading " + ids.size() + " claimed notification(s)");
    }

    /** One row of a result set, read into a value. */
    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet result) throws SQLException;
    }

    /** Runs {@code sql}, whose one parameter is an array of {@code values} of SQL type {@code elementType}. */
    private <T> List<T> selectByArray(String sql, String elementType, Collection<?> values, RowReader<T> reader,
                                      String what) {
        if (values.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            Array array = connection.createArrayOf(elementType, values.toArray());
            select.setArray(1, array);
            List<T> rows = new ArrayList<>(values.size());
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(reader.read(result));
                }
            }
            array.free();
            return rows;
        } catch (SQLException e) {
            throw new DeliveryLogException(what + " failed", e);
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
                update.setLong(7, change.versionBefore());
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
}
