package dev.merchantnotify.deliverylog;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The delivery receipts of accepted SMS ({@code delivery_receipt}), plain JDBC: a row per number when its provider
 * accepted it ({@link #awaiting}), completed by the provider's receipt ({@link #record}); read with a notification's
 * attempts ({@link #of}). Either may come first: a receipt before its acceptance is kept and joined when the acceptance
 * is recorded. Not on the delivery hot path: only SMS attempts write here.
 */
@ApplicationScoped
public class Receipts {

    private static final String ADOPT = "UPDATE delivery_receipt SET notification_id = ?, attempt_no = ?, "
            + "accepted_at = ? WHERE provider = ? AND reference = ? AND recipient = ?";
    private static final String INSERT = "INSERT INTO delivery_receipt (provider, reference, recipient, "
            + "notification_id, attempt_no, state, reason, accepted_at, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String CONFIRM = "UPDATE delivery_receipt SET state = ?, reason = ?, confirmed_at = ? "
            + "WHERE provider = ? AND reference = ? AND recipient = ?";
    private static final String OF = "SELECT provider, reference, recipient, notification_id, attempt_no, state, reason, "
            + "accepted_at, confirmed_at FROM delivery_receipt WHERE notification_id = ? ORDER BY attempt_no, recipient";

    /** A number a provider accepted. */
    public record Accepted(String reference, String recipient) {
    }

    @Resource(lookup = "jdbc/merchantNotify")
    DataSource dataSource;

    /** Records the numbers a provider accepted for an attempt: awaiting their receipts (unless one came already). */
    public void awaiting(String provider, long notificationId, int attemptNo, Instant acceptedAt,
                         List<Accepted> accepted) {
        try (Connection connection = dataSource.getConnection()) {
            for (Accepted number : accepted) {
                if (adopt(connection, provider, number, notificationId, attemptNo, acceptedAt) > 0) {
                    continue; // its receipt came first
                }
                try {
                    insert(connection, provider, number.reference(), number.recipient(), notificationId, attemptNo,
                            ReceiptState.AWAITING, null, acceptedAt, null);
                } catch (SQLException raced) {
                    // Its receipt was recorded between the two statements: take the row over.
                    adopt(connection, provider, number, notificationId, attemptNo, acceptedAt);
                }
            }
        } catch (SQLException e) {
            throw new DeliveryLogException("The accepted SMS of notification " + notificationId
                    + " could not be recorded", e);
        }
    }

    /**
     * Records a receipt. Returns whether the acceptance it belongs to was already recorded (else it is kept until it
     * is).
     */
    public boolean record(String provider, String reference, String recipient, ReceiptState state, String reason,
                          Instant at) {
        String shortReason = reason == null ? null : reason.length() > 255 ? reason.substring(0, 255) : reason;
        try (Connection connection = dataSource.getConnection()) {
            if (confirm(connection, provider, reference, recipient, state, shortReason, at) > 0) {
                return true;
            }
            try {
                insert(connection, provider, reference, recipient, null, null, state, shortReason, null, at);
            } catch (SQLException raced) {
                // Its acceptance was recorded between the two statements: complete that row.
                return confirm(connection, provider, reference, recipient, state, shortReason, at) > 0;
            }
            return false;
        } catch (SQLException e) {
            throw new DeliveryLogException("A receipt of " + provider + " could not be recorded", e);
        }
    }

    /** The receipts of a notification's attempts, by attempt and number. */
    public List<Receipt> of(long notificationId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(OF)) {
            select.setLong(1, notificationId);
            List<Receipt> receipts = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    receipts.add(new Receipt(result.getString(1), result.getString(2), result.getString(3),
                            result.getLong(4), result.getInt(5), ReceiptState.fromColumn(result.getString(6)),
                            result.getString(7), time(result.getObject(8, LocalDateTime.class)),
                            time(result.getObject(9, LocalDateTime.class))));
                }
            }
            return receipts;
        } catch (SQLException e) {
            throw new DeliveryLogException("The receipts of notification " + notificationId + " could not be read", e);
        }
    }

    private static int adopt(Connection connection, String provider, Accepted number, long notificationId,
                             int attemptNo, Instant acceptedAt) throws SQLException {
        try (PreparedStatement adopt = connection.prepareStatement(ADOPT)) {
            adopt.setLong(1, notificationId);
            adopt.setInt(2, attemptNo);
            adopt.setObject(3, UtcTime.toColumn(acceptedAt));
            adopt.setString(4, provider);
            adopt.setString(5, number.reference());
            adopt.setString(6, number.recipient());
            return adopt.executeUpdate();
        }
    }

    private static int confirm(Connection connection, String provider, String reference, String recipient,
                               ReceiptState state, String reason, Instant at) throws SQLException {
        try (PreparedStatement confirm = connection.prepareStatement(CONFIRM)) {
            confirm.setString(1, state.apiName());
            confirm.setString(2, reason);
            confirm.setObject(3, UtcTime.toColumn(at));
            confirm.setString(4, provider);
            confirm.setString(5, reference);
            confirm.setString(6, recipient);
            return confirm.executeUpdate();
        }
    }

    private static void timestamp(PreparedStatement statement, int index, Instant at) throws SQLException {
        if (at == null) {
            statement.setNull(index, Types.TIMESTAMP);
        } else {
            statement.setObject(index, UtcTime.toColumn(at));
        }
    }

    private static Instant time(LocalDateTime column) {
        return column == null ? null : UtcTime.fromColumn(column);
    }

    private static void insert(Connection connection, String provider, String reference, String recipient,
                               Long notificationId, Integer attemptNo, ReceiptState state, String reason,
                               Instant acceptedAt, Instant confirmedAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, provider);
            insert.setString(2, reference);
            insert.setString(3, recipient);
            if (notificationId == null) {
                insert.setNull(4, Types.BIGINT);
                insert.setNull(5, Types.INTEGER);
            } else {
                insert.setLong(4, notificationId);
                insert.setInt(5, attemptNo);
            }
            insert.setString(6, state.apiName());
            insert.setString(7, reason);
            timestamp(insert, 8, acceptedAt);
            timestamp(insert, 9, confirmedAt);
            insert.executeUpdate();
        }
    }
}
