package dev.merchantnotify.deliverylog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Hands out ids from a database sequence whose increment is a block size: one sequence call per block, ids
 * {@code [value - block + 1, value]}, as JPA's sequence generator takes them, so both can draw from one sequence.
 */
final class IdBlocks {

    private final String sequence;
    private final int block;
    private long next;
    private long last = -1;
    private String nextValueSql;

    IdBlocks(String sequence, int block) {
        this.sequence = sequence;
        this.block = block;
    }

    synchronized long next(Connection connection) throws SQLException {
        if (next > last) {
            if (nextValueSql == null) {
                nextValueSql = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT)
                        .contains("postgres") ? "SELECT nextval('" + sequence + "')" : "SELECT NEXT VALUE FOR " + sequence;
            }
            try (PreparedStatement nextValue = connection.prepareStatement(nextValueSql);
                 ResultSet value = nextValue.executeQuery()) {
                value.next();
                last = value.getLong(1);
                next = last - block + 1;
            }
        }
        return next++;
    }
}
