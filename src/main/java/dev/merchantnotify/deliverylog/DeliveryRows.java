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
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
            + "WHERE order_no = ANY (?) AND parent_id IS NULL";
    private static final String INSERT_PENDING = "INSERT INTO notification (id, order_no, event, notify_url, "
            + "merchant_key, format, payload, status, attempts, next_attempt_at, created_at, version, merchant_no, "
            + "parent_id, branch, role, destination_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, 1, ?, ?, ?, ?, ?)";
    private static final String LOAD = "SELECT id, order_no, event, notify_url, merchant_key, format, payload, status, attempts, "
            + "attempt_base, next_attempt_at, created_at, retried_at, version, merchant_no, route_step, step_failures, "
            + "parent_id, role, destination_id "
            + "FROM notification WHERE id = ANY (?)";
    private static final String INSERT_ATTEMPT = "INSERT INTO delivery_attempt (id, notification_id, attempt_no, "
            + "started_at, duration_ms, http_status, success, response_excerpt, error_kind, error_message, "
            + "destination_key, channel, destination, target, provider_ref) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String REQUEUE = "UPDATE notification SET status = 'PENDING', attempt_base = attempts, "
            + "retried_at = ?, next_attempt_at = ?, delivered_at = NULL, version = version + 1 WHERE id = ?";
    private static final String CHANGE = "UPDATE notification SET status = ?, attempts = attempts + ?, "
            + "next_attempt_at = ?, delivered_at = ?, last_error = ?, version = version + 1 "
            + "WHERE id = ? AND status = 'PENDING' AND version = ?";

    /** A routed notification's change also says where in its route it now is. */
    private static final String CHANGE_ROUTED = "UPDATE notification SET status = ?, attempts = attempts + ?, "
            + "next_attempt_at = ?, delivered_at = ?, last_error = ?, version = version + 1, merchant_key = ?, "
            + "route_step = ?, step_failures = ?, attempt_base = attempt_base + ? "
            + "WHERE id = ? AND status = 'PENDING' AND version = ?";

    /** Locks a broadcast's row, so that two copies' outcomes recorded at once settle it one after the other. */
    private static final String LOCK_BROADCAST = "UPDATE notification SET version = version + 1 WHERE id = ? "
            + "AND role = 'BROADCAST'";
    /**
     * A broadcast's status from its REQUIRED copies' (run after {@link #LOCK_BROADCAST}, so it sees every copy's
     * committed status): FAILED if one failed, SUCCESS if all succeeded, else PENDING; its attempts are its copies'
     * most, its last error the first undelivered required copy's.
     */
    private static final String SETTLE_BROADCAST = "UPDATE notification SET status = CASE "
            + "WHEN EXISTS (SELECT 1 FROM notification c WHERE c.parent_id = ? AND c.role = 'REQUIRED' "
            + "AND c.status = 'FAILED') THEN 'FAILED' "
            + "WHEN NOT EXISTS (SELECT 1 FROM notification c WHERE c.parent_id = ? AND c.role = 'REQUIRED' "
            + "AND c.status <> 'SUCCESS') THEN 'SUCCESS' ELSE 'PENDING' END, "
            + "attempts = (SELECT COALESCE(MAX(c.attempts), 0) FROM notification c WHERE c.parent_id = ?), "
            + "delivered_at = CASE WHEN EXISTS (SELECT 1 FROM notification c WHERE c.parent_id = ? "
            + "AND c.role = 'REQUIRED' AND c.status <> 'SUCCESS') THEN NULL ELSE (SELECT MAX(c.delivered_at) "
            + "FROM notification c WHERE c.parent_id = ? AND c.role = 'REQUIRED') END, "
            + "last_error = (SELECT c.last_error FROM notification c WHERE c.parent_id = ? AND c.role = 'REQUIRED' "
            + "AND c.status <> 'SUCCESS' ORDER BY c.branch FETCH FIRST 1 ROWS ONLY), version = version + 1 "
            + "WHERE id = ? AND role = 'BROADCAST'";
    private static final String COPIES_OF = "SELECT id FROM notification WHERE parent_id = ANY (?) ORDER BY id";
    private static final String BROADCASTS_OF = "SELECT DISTINCT parent_id FROM notification WHERE id = ANY (?) "
            + "AND parent_id IS NOT NULL";

    private static final String PARK = "UPDATE notification SET next_attempt_at = NULL, last_error = ?, "
            + "merchant_key = ?, version = version + 1 WHERE id = ? AND status = 'PENDING' AND version = ? "
            + "AND EXISTS (SELECT 1 FROM merchant m WHERE m.merchant_key = ? AND m.paused_at IS NOT NULL)";
    private static final String RECOVERABLE = "SELECT id FROM notification WHERE merchant_key = ? AND status = ? "
            + "AND created_at >= ? AND created_at < ? ORDER BY id";
    private static final String COUNT_RECOVERABLE = "SELECT COUNT(*) FROM notification WHERE merchant_key = ? "
            + "AND status = ? AND created_at >= ? AND created_at < ?";
    private static final String REQUEUE_IF = REQUEUE + " AND status = ?";
    private static final String PARKED = "SELECT id FROM notification WHERE status = 'PENDING' "
            + "AND next_attempt_at IS NULL AND merchant_key = ? ORDER BY id";
    private static final String COUNT_PARKED = "SELECT COUNT(*) FROM notification WHERE status = 'PENDING' "
            + "AND next_attempt_at IS NULL AND merchant_key = ?";
    private static final String STRAY_PARKED = "SELECT id FROM notification WHERE status = 'PENDING' "
            + "AND next_attempt_at IS NULL AND NOT (merchant_key = ANY (?)) AND (role IS NULL OR role <> 'BROADCAST') "
            + "ORDER BY id LIMIT ?";
    private static final String UNPARK = "UPDATE notification SET next_attempt_at = ?, version = version + 1 "
            + "WHERE id = ? AND status = 'PENDING' AND next_attempt_at IS NULL";
    private static final String WAITING = "SELECT id FROM notification WHERE status = 'PENDING' "
            + "AND next_attempt_at > ? AND merchant_key = ? ORDER BY id LIMIT ?";
    private static final String DUE_NOW = "UPDATE notification SET next_attempt_at = ?, version = version + 1 "
            + "WHERE id = ? AND status = 'PENDING' AND next_attempt_at > ?";

    @Resource(lookup = "jdbc/merchantNotify")
    DataSource dataSource;

    private final IdBlocks notificationIds = new IdBlocks("notification_seq", NOTIFICATION_ID_BLOCK);
    private final IdBlocks attemptIds = new IdBlocks("delivery_attempt_seq", ATTEMPT_ID_BLOCK);
    private final AnalysisDeltas analysisDeltas = new AnalysisDeltas();

    /** The notifications of these orders, any event: the candidates for an idempotency check. */
    public List<NotificationRef> findByOrderNos(Collection<String> orderNos) {
        return selectByArray(FIND_BY_ORDER_NOS, "VARCHAR", orderNos, result -> new NotificationRef(result.getLong(1),
                result.getString(2), result.getString(3), result.getString(4),
                NotificationStatus.valueOf(result.getString(5))), "looking up " + orderNos.size() + " order(s)");
    }

    /**
     * Inserts PENDING notifications, due at once, as one JDBC batch; returns their ids in order. A broadcast's copies
     * follow it and get its id as their parent.
     */
    public long[] insertPending(List<NewNotification> notifications, Instant createdAt) {
        long[] ids = new long[notifications.size()];
        if (notifications.isEmpty()) {
            return ids;
        }
        LocalDateTime created = UtcTime.toColumn(createdAt);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT_PENDING)) {
            long broadcastId = 0;
            for (int i = 0; i < ids.length; i++) {
                NewNotification notification = notifications.get(i);
                ids[i] = notificationIds.next(connection);
                if (!notification.isCopy()) {
                    broadcastId = ids[i];
                }
                insert.setLong(1, ids[i]);
                insert.setString(2, notification.orderNo());
                insert.setString(3, notification.event());
                insert.setString(4, notification.notifyUrl());
                insert.setString(5, notification.merchantKey());
                insert.setString(6, notification.format().name());
                insert.setString(7, notification.payload());
                // A broadcast is never due itself: its copies are.
                insert.setObject(8, notification.role() == BroadcastPart.BROADCAST ? null : created);
                insert.setObject(9, created);
                insert.setString(10, notification.merchantNo());
                insert.setObject(11, notification.isCopy() ? broadcastId : null, Types.BIGINT);
                insert.setInt(12, notification.branch());
                insert.setString(13, notification.role() == null ? null : notification.role().name());
                insert.setObject(14, notification.destinationId(), Types.BIGINT);
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

    /**
     * The ids of the merchant's notifications in {@code status} created in [{@code from}, {@code to}), oldest id first,
     * in one read: what a recovery queues again.
     */
    public long[] recoverable(String merchantKey, NotificationStatus status, Instant from, Instant to) {
        return selectIds(RECOVERABLE, "finding the notifications to recover", merchantKey, status.name(),
                UtcTime.toColumn(from), UtcTime.toColumn(to));
    }

    /** How many notifications {@link #recoverable} would find. */
    public long countRecoverable(String merchantKey, NotificationStatus status, Instant from, Instant to) {
        return count(COUNT_RECOVERABLE, "counting the notifications to recover", merchantKey, status.name(),
                UtcTime.toColumn(from), UtcTime.toColumn(to));
    }

    /**
     * Like {@link #requeue}, but only the rows still in {@code status}: a row that moved on since it was chosen (an
     * operator retried it, it was delivered meanwhile) is left alone.
     *
     * @return the ids that changed
     */
    public List<Long> requeueIf(List<Long> ids, NotificationStatus status, Instant at) {
        LocalDateTime when = UtcTime.toColumn(at);
        return updateEach(REQUEUE_IF, ids, (update, id) -> {
            update.setObject(1, when);
            update.setObject(2, when);
            update.setLong(3, id);
            update.setString(4, status.name());
        }, "queueing notifications again");
    }

    /** The ids of the merchant's parked notifications (PENDING without a next attempt), oldest id first. */
    public long[] parked(String merchantKey) {
        return selectIds(PARKED, "finding the parked notifications", merchantKey);
    }

    /** How many notifications of the merchant are parked. */
    public long countParked(String merchantKey) {
        return count(COUNT_PARKED, "counting the parked notifications", merchantKey);
    }

    /**
     * Up to {@code limit} parked notifications whose merchant is not among {@code pausedKeys}: left parked by a resume
     * that overtook the parking (see {@link #write}).
     */
    public List<Long> strayParked(Collection<String> pausedKeys, int limit) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(STRAY_PARKED)) {
            Array keys = connection.createArrayOf("VARCHAR", pausedKeys.toArray());
            select.setArray(1, keys);
            select.setInt(2, limit);
            List<Long> ids = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    ids.add(result.getLong(1));
                }
            }
            keys.free();
            return ids;
        } catch (SQLException e) {
            throw new DeliveryLogException("finding parked notifications of merchants no longer paused failed", e);
        }
    }

    /**
     * Gives parked notifications a next attempt at {@code at} (one JDBC batch); a row no longer parked is left alone.
     *
     * @return the ids that changed
     */
    public List<Long> unpark(List<Long> ids, Instant at) {
        LocalDateTime when = UtcTime.toColumn(at);
        return updateEach(UNPARK, ids, (update, id) -> {
            update.setObject(1, when);
            update.setLong(2, id);
        }, "releasing parked notifications");
    }

    /**
     * The ids of the merchant's notifications waiting for a later attempt (a retry, or a breaker's delay) at
     * {@code now}, oldest id first, at most {@code limit}.
     */
    public long[] waiting(String merchantKey, Instant now, int limit) {
        return selectIds(WAITING, "finding the notifications waiting for a merchant", UtcTime.toColumn(now),
                merchantKey, limit);
    }

    /**
     * Makes waiting notifications due at {@code now} (one JDBC batch); a row no longer waiting is left alone.
     *
     * @return the ids that changed
     */
    public List<Long> dueNow(List<Long> ids, Instant now) {
        LocalDateTime when = UtcTime.toColumn(now);
        return updateEach(DUE_NOW, ids, (update, id) -> {
            update.setObject(1, when);
            update.setLong(2, id);
            update.setObject(3, when);
        }, "making waiting notifications due");
    }

    /** Sets one row's parameters of a batched update. */
    @FunctionalInterface
    private interface RowUpdate {
        void set(PreparedStatement update, long id) throws SQLException;
    }

    /** Runs {@code sql} once per id as one JDBC batch; returns the ids whose row changed. */
    private List<Long> updateEach(String sql, List<Long> ids, RowUpdate parameters, String what) {
        if (ids.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            for (Long id : ids) {
                parameters.set(update, id);
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            List<Long> changed = new ArrayList<>(ids.size());
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0 || counts[i] == PreparedStatement.SUCCESS_NO_INFO) {
                    changed.add(ids.get(i));
                }
            }
            return changed;
        } catch (SQLException e) {
            throw new DeliveryLogException(what + " (" + ids.size() + " row(s)) failed", e);
        }
    }

    private long[] selectIds(String sql, String what, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            select.setFetchSize(10_000);
            long[] ids = new long[1024];
            int size = 0;
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    if (size == ids.length) {
                        ids = Arrays.copyOf(ids, size * 2);
                    }
                    ids[size++] = result.getLong(1);
                }
            }
            return Arrays.copyOf(ids, size);
        } catch (SQLException e) {
            throw new DeliveryLogException(what + " failed", e);
        }
    }

    private long count(String sql, String what, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new DeliveryLogException(what + " failed", e);
        }
    }

    /** The notifications with these ids, in one query; ids without a row are simply absent. */
    public List<PendingRow> load(Collection<Long> ids) {
        return selectByArray(LOAD, "BIGINT", ids, result -> new PendingRow(result.getLong(1), result.getString(2),
                result.getString(3), result.getString(4), result.getString(5), DeliveryFormat.valueOf(result.getString(6)),
                result.getString(7), NotificationStatus.valueOf(result.getString(8)), result.getInt(9), result.getInt(10),
                UtcTime.fromColumn(result.getObject(11, LocalDateTime.class)),
                UtcTime.fromColumn(result.getObject(12, LocalDateTime.class)),
                UtcTime.fromColumn(result.getObject(13, LocalDateTime.class)), result.getLong(14), result.getString(15),
                result.getInt(16), result.getInt(17), result.getLong(18),
                result.getString(19) == null ? null : BroadcastPart.valueOf(result.getString(19)),
                result.getObject(20, Long.class)),
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
     * Inserts the attempts, counts them into the analysis rollups' deltas and applies the status changes, as three JDBC
     * batches on one connection (the caller's transaction).
     *
     * @return for each change, in order, whether it applied (false: the row had moved on; nothing was changed)
     */
    public boolean[] write(List<AttemptRow> attempts, List<StatusChange> changes) {
        try (Connection connection = dataSource.getConnection()) {
            if (!attempts.isEmpty()) {
                insertAttempts(connection, attempts);
                analysisDeltas.insert(connection, attempts);
            }
            if (changes.isEmpty()) {
                return new boolean[0];
            }
            boolean[] applied = applyChanges(connection, changes);
            Set<Long> broadcasts = new TreeSet<>();
            for (int i = 0; i < applied.length; i++) {
                if (applied[i] && changes.get(i).settlesBroadcast()) {
                    broadcasts.add(changes.get(i).broadcastId());
                }
            }
            if (!broadcasts.isEmpty()) {
                settleBroadcasts(connection, broadcasts);
            }
            return applied;
        } catch (SQLException e) {
            throw new DeliveryLogException("recording " + attempts.size() + " attempt(s) and " + changes.size()
                    + " status change(s) failed", e);
        }
    }

    /**
     * Sets each broadcast's status from its copies' (see {@link #SETTLE_BROADCAST}); locks them in id order, so that
     * concurrent transactions never wait on each other in a circle.
     */
    private static void settleBroadcasts(Connection connection, Collection<Long> sortedIds) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(LOCK_BROADCAST)) {
            for (Long id : sortedIds) {
                lock.setLong(1, id);
                lock.addBatch();
            }
            lock.executeBatch();
        }
        try (PreparedStatement settle = connection.prepareStatement(SETTLE_BROADCAST)) {
            for (Long id : sortedIds) {
                for (int parameter = 1; parameter <= 7; parameter++) {
                    settle.setLong(parameter, id);
                }
                settle.addBatch();
            }
            settle.executeBatch();
        }
    }

    /**
     * The copies of those of {@code ids} that are broadcasts, and those of {@code ids} that are not: what an operator's
     * retry of them sends again.
     */
    public List<Long> withCopies(Collection<Long> ids) {
        List<Long> copies = selectByArray(COPIES_OF, "BIGINT", ids, result -> result.getLong(1),
                "finding broadcasts' copies");
        if (copies.isEmpty()) {
            return List.copyOf(ids);
        }
        Set<Long> parents = new HashSet<>(selectByArray(BROADCASTS_OF, "BIGINT", copies, result -> result.getLong(1),
                "finding broadcasts"));
        List<Long> all = new ArrayList<>(ids.stream().filter(id -> !parents.contains(id)).toList());
        all.addAll(copies);
        return all;
    }

    /**
     * Sets the status of the broadcasts that any of {@code ids} is a copy of from their copies' (after an operator sent
     * copies again: their broadcast is PENDING again until they are delivered). Joins the caller's transaction.
     */
    public void settleBroadcastsOf(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            List<Long> broadcasts = selectByArray(BROADCASTS_OF, "BIGINT", ids, result -> result.getLong(1),
                    "finding broadcasts");
            if (!broadcasts.isEmpty()) {
                settleBroadcasts(connection, new TreeSet<>(broadcasts));
            }
        } catch (SQLException e) {
            throw new DeliveryLogException("settling broadcasts failed", e);
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
                insert.setString(11, attempt.destinationKey());
                insert.setString(12, attempt.channel());
                insert.setString(13, attempt.destination());
                insert.setString(14, clip(attempt.target(), DeliveryAttempt.MAX_TARGET_LENGTH));
                insert.setString(15, clip(attempt.providerRef(), DeliveryAttempt.MAX_PROVIDER_REF_LENGTH));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static boolean[] applyChanges(Connection connection, List<StatusChange> changes) throws SQLException {
        List<StatusChange> parkings = changes.stream().filter(StatusChange::parking).toList();
        if (parkings.isEmpty()) {
            return applyChangesOnly(connection, changes);
        }
        List<StatusChange> others = changes.stream().filter(change -> !change.parking()).toList();
        boolean[] othersApplied = others.isEmpty() ? new boolean[0] : applyChangesOnly(connection, others);
        boolean[] parked = park(connection, parkings);
        boolean[] applied = new boolean[changes.size()];
        int other = 0;
        int parking = 0;
        for (int i = 0; i < applied.length; i++) {
            applied[i] = changes.get(i).parking() ? parked[parking++] : othersApplied[other++];
        }
        return applied;
    }

    private static boolean[] park(Connection connection, List<StatusChange> parkings) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(PARK)) {
            for (StatusChange change : parkings) {
                update.setString(1, clip(change.lastError(), Notification.MAX_ERROR_LENGTH));
                update.setString(2, change.parkedAt());
                update.setLong(3, change.notificationId());
                update.setLong(4, change.versionBefore());
                update.setString(5, change.parkedAt());
                update.addBatch();
            }
            return appliedOf(update.executeBatch());
        }
    }

    private static boolean[] appliedOf(int[] counts) {
        boolean[] applied = new boolean[counts.length];
        for (int i = 0; i < applied.length; i++) {
            // SUCCESS_NO_INFO (-2) would mean "applied, count unknown"; neither H2 nor PostgreSQL answers it here.
            applied[i] = counts[i] > 0 || counts[i] == PreparedStatement.SUCCESS_NO_INFO;
        }
        return applied;
    }

    private static boolean[] applyChangesOnly(Connection connection, List<StatusChange> changes) throws SQLException {
        if (changes.stream().noneMatch(change -> change.route() != null)) {
            return applyPlainChanges(connection, changes);
        }
        List<StatusChange> plain = changes.stream().filter(change -> change.route() == null).toList();
        List<StatusChange> routed = changes.stream().filter(change -> change.route() != null).toList();
        boolean[] plainApplied = plain.isEmpty() ? new boolean[0] : applyPlainChanges(connection, plain);
        boolean[] routedApplied = applyRoutedChanges(connection, routed);
        boolean[] applied = new boolean[changes.size()];
        int p = 0;
        int r = 0;
        for (int i = 0; i < applied.length; i++) {
            applied[i] = changes.get(i).route() == null ? plainApplied[p++] : routedApplied[r++];
        }
        return applied;
    }

    private static boolean[] applyRoutedChanges(Connection connection, List<StatusChange> changes) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(CHANGE_ROUTED)) {
            for (StatusChange change : changes) {
                RouteProgress route = change.route();
                update.setString(1, change.status().name());
                update.setInt(2, change.attemptsAdded());
                update.setObject(3, UtcTime.toColumn(change.nextAttemptAt()), Types.TIMESTAMP);
                update.setObject(4, UtcTime.toColumn(change.deliveredAt()), Types.TIMESTAMP);
                update.setString(5, clip(change.lastError(), Notification.MAX_ERROR_LENGTH));
                update.setString(6, route.merchantKey());
                update.setInt(7, route.step());
                update.setInt(8, route.stepFailures());
                update.setInt(9, route.budgetSkipped());
                update.setLong(10, change.notificationId());
                update.setLong(11, change.versionBefore());
                update.addBatch();
            }
            return appliedOf(update.executeBatch());
        }
    }

    private static boolean[] applyPlainChanges(Connection connection, List<StatusChange> changes) throws SQLException {
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
            return appliedOf(update.executeBatch());
        }
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
