package dev.merchantnotify.analysis;

import dev.merchantnotify.deliverylog.AttemptTally;
import dev.merchantnotify.deliverylog.RollupKey;
import dev.merchantnotify.deliverylog.UtcTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The rollup tables (V10, V12 and V13 schema) and how {@link RollupCompactor} adds tallies to them: an UPDATE per
 * row that adds to it, then an INSERT of the rows that were not there yet, each one JDBC batch. Only the compactor
 * writes these tables, one node at a time, so an update that found no row can insert it without a race.
 */
enum Rollups {

    /** Per minute, every dimension; kept for {@code notify.analysis.minute-retention-days}. */
    MINUTE("analysis_minute", Keys.ALL),
    /** Per hour, every dimension. */
    HOUR("analysis_hour", Keys.ALL),
    /** Per hour, without merchant and destination: what platform-wide questions read. */
    HOUR_PLATFORM("analysis_hour_platform", Keys.PLATFORM),
    /** Per day (of the day zone, see {@link DayRollups}) and merchant, no other dimension (V12). */
    DAY_MERCHANT("analysis_day_merchant", Keys.MERCHANT),
    /** Per day (of the day zone), without merchant and destination (V13). */
    DAY_PLATFORM("analysis_day_platform", Keys.PLATFORM),
    /** The deltas not moved yet (per minute, every dimension): every query reads them too. */
    DELTA("analysis_delta", Keys.ALL);

    /** Which dimensions a table keeps, besides its bucket. */
    enum Keys {
        ALL("bucket", "merchant", "destination_key", "channel", "event", "failure_kind", "status"),
        PLATFORM("bucket", "channel", "event", "failure_kind", "status"),
        MERCHANT("bucket", "merchant");

        final List<String> columns;

        Keys(String... columns) {
            this.columns = List.of(columns);
        }
    }

    final String table;
    final Keys keys;
    private final String update;
    private final String insert;

    Rollups(String table, Keys keys) {
        this.table = table;
        this.keys = keys;
        StringJoiner set = new StringJoiner(", ");
        for (String column : AttemptTally.COLUMNS.split(", ")) {
            set.add(column.equals("max_ms") ? "max_ms = GREATEST(max_ms, ?)" : column + " = " + column + " + ?");
        }
        StringJoiner where = new StringJoiner(" AND ");
        keys.columns.forEach(key -> where.add(key + " = ?"));
        this.update = "UPDATE " + table + " SET " + set + " WHERE " + where;
        this.insert = "INSERT INTO " + table + " (" + String.join(", ", keys.columns) + ", " + AttemptTally.COLUMNS
                + ") VALUES (" + "?, ".repeat(keys.columns.size()) + "?" + ", ?".repeat(AttemptTally.WIDTH - 1) + ")";
    }

    /** Adds each tally to its row. */
    void add(Connection connection, Map<RollupKey, AttemptTally> tallies) throws SQLException {
        if (tallies.isEmpty()) {
            return;
        }
        List<Map.Entry<RollupKey, AttemptTally>> entries = new ArrayList<>(tallies.entrySet());
        List<Map.Entry<RollupKey, AttemptTally>> missing = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(update)) {
            for (Map.Entry<RollupKey, AttemptTally> entry : entries) {
                entry.getValue().bind(statement, 1);
                bindKey(statement, AttemptTally.WIDTH + 1, entry.getKey());
                statement.addBatch();
            }
            int[] counts = statement.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    missing.add(entries.get(i));
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            for (Map.Entry<RollupKey, AttemptTally> entry : missing) {
                int next = bindKey(statement, 1, entry.getKey());
                entry.getValue().bind(statement, next);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Sets the key's columns from parameter {@code first} on; answers the next parameter's index. */
    private int bindKey(PreparedStatement statement, int first, RollupKey key) throws SQLException {
        int i = first;
        statement.setObject(i++, UtcTime.toColumn(key.bucket()));
        if (keys != Keys.PLATFORM) {
            statement.setString(i++, key.merchant());
        }
        if (keys == Keys.MERCHANT) {
            return i;
        }
        if (keys == Keys.ALL) {
            statement.setString(i++, key.destinationKey());
        }
        statement.setString(i++, key.channel());
        statement.setString(i++, key.event());
        statement.setString(i++, key.failureKind());
        statement.setInt(i++, key.status());
        return i;
    }
}
