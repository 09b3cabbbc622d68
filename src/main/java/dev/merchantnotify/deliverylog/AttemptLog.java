package dev.merchantnotify.deliverylog;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The delivery log as operators search it: attempts joined with their notification, newest first. Plain JDBC (JPA's
 * H2 platform binds booleans as numbers, which H2 2.x refuses to compare with a BOOLEAN column).
 */
@ApplicationScoped
public class AttemptLog {

    private static final String FROM = " FROM delivery_attempt a JOIN notification n ON n.id = a.notification_id";
    private static final String COLUMNS = "SELECT a.id, n.id, n.order_no, n.event, n.notify_url, "
            + "COALESCE(a.destination_key, n.merchant_key), a.attempt_no, a.started_at, a.duration_ms, a.http_status, "
            + "a.success, a.error_kind, a.error_message, a.response_excerpt, n.merchant_no, a.channel, a.destination, "
            + "a.target, a.provider_ref, CASE WHEN a.channel = 'sms' AND a.success THEN (SELECT CASE "
            + "WHEN SUM(CASE WHEN r.state = 'undelivered' THEN 1 ELSE 0 END) > 0 THEN 'undelivered' "
            + "WHEN SUM(CASE WHEN r.state = 'awaiting' THEN 1 ELSE 0 END) > 0 THEN 'awaiting' "
            + "WHEN COUNT(*) > 0 THEN 'confirmed' END FROM delivery_receipt r "
            + "WHERE r.notification_id = a.notification_id AND r.attempt_no = a.attempt_no) END";

    @Resource(lookup = "jdbc/merchantNotify")
    DataSource dataSource;

    /** How many attempts match. */
    public long count(AttemptSearch search) {
        List<Object> parameters = new ArrayList<>();
        String sql = "SELECT COUNT(*)" + FROM + where(search, parameters);
        return query(sql, parameters, result -> {
            result.next();
            return result.getLong(1);
        });
    }

    /** A page of the matching attempts, newest first. */
    public List<AttemptLogEntry> find(AttemptSearch search, int offset, int limit) {
        List<Object> parameters = new ArrayList<>();
        String sql = COLUMNS + FROM + where(search, parameters) + " ORDER BY a.started_at DESC, a.id DESC LIMIT ? OFFSET ?";
        parameters.add(limit);
        parameters.add(offset);
        return query(sql, parameters, result -> {
            List<AttemptLogEntry> entries = new ArrayList<>();
            while (result.next()) {
                int status = result.getInt(10);
                entries.add(new AttemptLogEntry(result.getLong(1), result.getLong(2), result.getString(3),
                        result.getString(4), result.getString(5), result.getString(6), result.getInt(7),
                        UtcTime.fromColumn(result.getObject(8, LocalDateTime.class)), result.getLong(9),
                        result.wasNull() ? null : status, result.getBoolean(11), result.getString(12),
                        result.getString(13), result.getString(14), result.getString(15), result.getString(16),
                        result.getString(17), result.getString(18), result.getString(19), result.getString(20)));
            }
            return entries;
        });
    }

    private static String where(AttemptSearch search, List<Object> parameters) {
        List<String> conditions = new ArrayList<>();
        if (search.orderNoPrefix() != null) {
            conditions.add("n.order_no LIKE ? " + OrderNoPrefix.ESCAPE);
            parameters.add(OrderNoPrefix.likePattern(search.orderNoPrefix()));
        }
        if (search.success() != null) {
            conditions.add("a.success = ?");
            parameters.add(search.success());
        }
        if (search.merchantKey() != null) {
            conditions.add("a.destination_key = ?");
            parameters.add(search.merchantKey());
        }
        if (search.merchantNo() != null) {
            conditions.add("n.merchant_no = ?");
            parameters.add(search.merchantNo());
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    @FunctionalInterface
    private interface ResultReader<T> {
        T read(ResultSet result) throws SQLException;
    }

    private <T> T query(String sql, List<Object> parameters, ResultReader<T> reader) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet result = select.executeQuery()) {
                return reader.read(result);
            }
        } catch (SQLException e) {
            throw new DeliveryLogException("searching the delivery log failed", e);
        }
    }
}
