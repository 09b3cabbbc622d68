package dev.merchantnotify.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.List;

/**
 * Accepts validated notifications, idempotently per (order_no, event). When two producers race with the same order and
 * event, the unique constraint rejects the loser's transaction; it is tried once more and then sees the winner's row.
 */
@ApplicationScoped
public class Ingest {

    /** SQLState of a unique constraint violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    @Inject
    IngestWriter writer;

    public List<IngestResult> accept(List<NotificationRequest> requests) {
        try {
            return writer.store(requests);
        } catch (RuntimeException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            return writer.store(requests);
        }
    }

    private static boolean isUniqueViolation(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
