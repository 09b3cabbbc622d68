package dev.merchantnotify.deliverylog;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Deletes the delivery log older than a cut-off, in batches that each commit on their own, so a large clean-up never
 * holds locks for long and a crash leaves every batch whole. Two steps:
 * <ol>
 *   <li>finished notifications (SUCCESS or FAILED) created before the cut-off and not retried by an operator since,
 *       with all their attempts; the rows are locked while a batch deletes them, so an operator's retry of one of them
 *       waits and then finds it gone;</li>
 *   <li>attempts made before the cut-off that are left (those of notifications still PENDING or retried since).</li>
 * </ol>
 * A notification still PENDING is never deleted. Must be called outside a transaction.
 *
 * <p>On PostgreSQL, where attempts are partitioned by day ({@link AttemptPartitions}), the days that end before the
 * cut-off are dropped whole first: the attempts made before it, without a row delete; the two steps then delete what
 * is left (the finished notifications and their later attempts, the rest of the cut-off's day).
 */
@ApplicationScoped
public class LogCleanup {

    /** What a clean-up deleted. */
    public record Result(Instant before, long notifications, long attempts, int batches, int partitionsDropped) {
    }

    static final int NOTIFICATION_BATCH = 1000;
    static final int ATTEMPT_BATCH = 5000;

    private static final Logger LOG = Logger.getLogger(LogCleanup.class.getName());

    private static final String FINISHED = "SELECT id FROM notification WHERE status IN ('SUCCESS', 'FAILED') "
            + "AND created_at < ? AND (retried_at IS NULL OR retried_at < ?) ORDER BY id LIMIT ? FOR UPDATE";
    private static final String DELETE_THEIR_ATTEMPTS = "DELETE FROM delivery_attempt WHERE notification_id = ANY (?)";
    private static final String DELETE_THEIR_RECEIPTS = "DELETE FROM delivery_receipt WHERE notification_id = ANY (?)";
    private static final String DELETE_NOTIFICATIONS = "DELETE FROM notification WHERE id = ANY (?)";
    /** Receipts of attempts already gone, and receipts whose acceptance never came, once older than the cut-off. */
    private static final String DELETE_OLD_RECEIPTS = "DELETE FROM delivery_receipt WHERE COALESCE(accepted_at, "
            + "confirmed_at) < ?";
    private static final String DELETE_OLD_ATTEMPTS = "DELETE FROM delivery_attempt WHERE id IN "
            + "(SELECT id FROM delivery_attempt WHERE started_at < ? ORDER BY id LIMIT ?)";

    @Resource(lookup = "jdbc/merchantNotify")
    DataSource dataSource;

    @Inject
    AttemptPartitions partitions;

    public Result deleteBefore(Instant before) {
        LocalDateTime cutoff = UtcTime.toColumn(before);
        AttemptPartitions.Dropped dropped = partitions.dropBefore(cutoff);
        long notifications = 0;
        long attempts = dropped.attempts();
        int batches = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                while (true) {
                    List<Long> ids = finished(connection, cutoff);
                    if (ids.isEmpty()) {
                        break;
                    }
                    Array array = connection.createArrayOf("BIGINT", ids.toArray());
                    attempts += update(connection, DELETE_THEIR_ATTEMPTS, array);
                    update(connection, DELETE_THEIR_RECEIPTS, array);
                    notifications += update(connection, DELETE_NOTIFICATIONS, array);
                    connection.commit();
                    batches++;
                    if (ids.size() < NOTIFICATION_BATCH) {
                        break;
                    }
                }
                int deleted;
                do {
                    try (PreparedStatement delete = connection.prepareStatement(DELETE_OLD_ATTEMPTS)) {
                        delete.setObject(1, cutoff);
                        delete.setInt(2, ATTEMPT_BATCH);
                        deleted = delete.executeUpdate();
                    }
                    connection.commit();
                    attempts += deleted;
                    batches++;
                } while (deleted == ATTEMPT_BATCH);
                try (PreparedStatement delete = connection.prepareStatement(DELETE_OLD_RECEIPTS)) {
                    delete.setObject(1, cutoff);
                    delete.executeUpdate();
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DeliveryLogException("deleting the delivery log before " + before + " failed after " + notifications
                    + " notification(s) and " + attempts + " attempt(s)", e);
        }
        Result result = new Result(before, notifications, attempts, batches, dropped.days());
        LOG.info(() -> "Delivery log before " + before + " deleted: " + result.notifications() + " notification(s), "
                + result.attempts() + " attempt(s), in " + result.batches() + " batch(es)"
                + (result.partitionsDropped() > 0 ? " and " + result.partitionsDropped() + " day partition(s) dropped"
                        : ""));
        return result;
    }

    private static List<Long> finished(Connection connection, LocalDateTime cutoff) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(FINISHED)) {
            select.setObject(1, cutoff);
            select.setObject(2, cutoff);
            select.setInt(3, NOTIFICATION_BATCH);
            List<Long> ids = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    ids.add(result.getLong(1));
                }
            }
            return ids;
        }
    }

    private static int update(Connection connection, String sql, Array ids) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, ids);
            return statement.executeUpdate();
        }
    }
}
