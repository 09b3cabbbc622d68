package dev.merchantnotify.deliverylog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts recorded attempts into the analysis rollups' delta rows ({@code analysis_delta}, V10), on the connection and
 * in the transaction that records them, so the rollups never miss or double an attempt: one row per minute and
 * dimensions of the batch, one JDBC batch. {@code dev.merchantnotify.analysis} moves them on.
 */
final class AnalysisDeltas {

    static final int ID_BLOCK = 500;

    private static final String INSERT = "INSERT INTO analysis_delta (id, bucket, merchant, destination_key, channel, "
            + "event, failure_kind, status, " + AttemptTally.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?"
            + ", ?".repeat(AttemptTally.WIDTH) + ")";

    private final IdBlocks ids = new IdBlocks("analysis_delta_seq", ID_BLOCK);

    void insert(Connection connection, List<AttemptRow> attempts) throws SQLException {
        Map<RollupKey, AttemptTally> tallies = new HashMap<>();
        for (AttemptRow attempt : attempts) {
            tallies.computeIfAbsent(RollupKey.of(attempt), key -> new AttemptTally()).add(attempt.attemptNo(),
                    attempt.success(), attempt.errorKind(), attempt.httpStatus(), attempt.durationMs());
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Map.Entry<RollupKey, AttemptTally> entry : tallies.entrySet()) {
                RollupKey key = entry.getKey();
                insert.setLong(1, ids.next(connection));
                insert.setObject(2, UtcTime.toColumn(key.bucket()));
                insert.setString(3, key.merchant());
                insert.setString(4, key.destinationKey());
                insert.setString(5, key.channel());
                insert.setString(6, key.event());
                insert.setString(7, key.failureKind());
                insert.setInt(8, key.status());
                entry.getValue().bind(insert, 9);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
