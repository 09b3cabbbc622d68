package dev.merchantnotify.analysis;

import dev.merchantnotify.deliverylog.AttemptTally;
import dev.merchantnotify.deliverylog.DeliveryLogException;
import dev.merchantnotify.deliverylog.RollupKey;
import dev.merchantnotify.deliverylog.UtcTime;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Moves the recorded attempts' delta rows ({@code analysis_delta}, written in the transaction that records the
 * attempts) into the per-minute, per-hour, per-hour platform, per-day merchant and per-day platform rollups (days of
 * {@code notify.analysis.day-zone}: when the recorded zone differs, the per-day rows are first made again for it, see
 * {@link DayRollups}), every
 * {@code notify.analysis.compact-seconds}: in one transaction that holds its {@code analysis_state} row (one node at a
 * time), reads a batch of deltas, adds them to their rollup rows and deletes exactly the deltas it read. A crash rolls
 * the whole move back, so every attempt is counted once, in the deltas or in the rollups, never in both: queries read
 * the rollups and the deltas in one statement. Per-minute rows older than {@code notify.analysis.minute-retention-days}
 * are dropped on the way; the per-hour and per-day ones stay (the raw log's {@code cleanup} does not touch any of them).
 */
@ApplicationScoped
public class RollupCompactor {

    /** What one run did. */
    public record Result(int deltas, int minuteRows, int hourRows, int platformRows) {
    }

    static final int BATCH = 20_000;
    /**
     * Ids per delete statement (all of a run's in one JDBC batch): H2 finds each row by its key, then checks it against
     * the whole array, one element after another, so one statement for n ids costs n x n comparisons (20,000 ids: half
     * a second of CPU, a tenth of the server's in scenario A); in chunks of 100 it is 100 x n.
     */
    static final int DELETE_CHUNK = 100;
    private static final Logger LOG = Logger.getLogger(RollupCompactor.class.getName());

    private static final String DIMENSIONS = "bucket, merchant, destination_key, channel, event, failure_kind, status";
    private static final String PLATFORM_DIMENSIONS = "bucket, channel, event, failure_kind, status";
    private static final String LOCK = "SELECT done_at FROM analysis_state WHERE job = 'compact' FOR UPDATE";
    private static final String READ = "SELECT id, " + DIMENSIONS + ", " + AttemptTally.COLUMNS
            + " FROM analysis_delta ORDER BY id FETCH FIRST " + BATCH + " ROWS ONLY";
    private static final String DELETE = "DELETE FROM analysis_delta WHERE id = ANY (?)";
    private static final String PRUNE = "DELETE FROM analysis_minute WHERE bucket < ?";
    private static final String STAMP = "UPDATE analysis_state SET done_at = ? WHERE job = 'compact'";

    @Resource(lookup = "jdbc/merchantNotify")
    DataSource dataSource;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService executor;

    @Inject
    AnalysisSettings settings;

    @Inject
    Clock clock;

    @Inject
    AnalysisMetrics metrics;

    private ScheduledFuture<?> task;

    void start(@Observes Startup startup) {
        long every = settings.compactEvery().toMillis();
        task = executor.scheduleWithFixedDelay(this::runQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void runQuietly() {
        try {
            Result result;
            do {
                long began = System.nanoTime();
                result = compact();
                metrics.compacted(result.deltas(), System.nanoTime() - began, result.deltas() < BATCH);
            } while (result.deltas() == BATCH);
        } catch (RuntimeException e) {
            metrics.compactionFailed();
            // The deltas stay where they are and are counted by every query meanwhile; the next run moves them.
            LOG.log(Level.WARNING, "Moving the analysis deltas into the rollups failed; retried in "
                    + settings.compactEvery().toSeconds() + " s", e);
        }
    }

    /** Moves up to {@link #BATCH} deltas into the rollups, in one transaction. */
    public Result compact() {
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
                    lock.executeQuery().close();
                }
                ZoneId days = settings.dayZone();
                ZoneId kept = DayRollups.stored(connection);
                if (kept == null || !days.normalized().equals(kept.normalized())) {
                    DayRollups.rebuild(connection, kept, days);
                }
                List<Long> ids = new ArrayList<>();
                Map<RollupKey, AttemptTally> minutes = new HashMap<>();
                Map<RollupKey, AttemptTally> hours = new HashMap<>();
                Map<RollupKey, AttemptTally> platform = new HashMap<>();
                Map<RollupKey, AttemptTally> merchantDays = new HashMap<>();
                Map<RollupKey, AttemptTally> platformDays = new HashMap<>();
                try (PreparedStatement read = connection.prepareStatement(READ);
                     ResultSet row = read.executeQuery()) {
                    while (row.next()) {
                        ids.add(row.getLong(1));
                        RollupKey key = new RollupKey(UtcTime.fromColumn(row.getObject(2, java.time.LocalDateTime.class)),
                                row.getString(3), row.getString(4), row.getString(5), row.getString(6),
                                row.getString(7), row.getInt(8));
                        AttemptTally tally = AttemptTally.read(row, 9);
                        Instant hour = key.bucket().truncatedTo(ChronoUnit.HOURS);
                        add(minutes, key, tally);
                        add(hours, key.at(hour), tally);
                        RollupKey platformKey = new RollupKey(hour, "", "", key.channel(), key.event(),
                                key.failureKind(), key.status());
                        Instant day = DayRollups.floor(key.bucket(), days);
                        add(platform, platformKey, tally);
                        add(platformDays, platformKey.at(day), tally);
                        add(merchantDays, new RollupKey(day, key.merchant(), "", "", "", "", 0), tally);
                    }
                }
                if (!ids.isEmpty()) {
                    Rollups.MINUTE.add(connection, minutes);
                    Rollups.HOUR.add(connection, hours);
                    Rollups.HOUR_PLATFORM.add(connection, platform);
                    Rollups.DAY_MERCHANT.add(connection, merchantDays);
                    Rollups.DAY_PLATFORM.add(connection, platformDays);
                    try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
                        for (int from = 0; from < ids.size(); from += DELETE_CHUNK) {
                            Array array = connection.createArrayOf("BIGINT",
                                    ids.subList(from, Math.min(ids.size(), from + DELETE_CHUNK)).toArray());
                            delete.setArray(1, array);
                            delete.addBatch();
                        }
                        delete.executeBatch();
                    }
                }
                try (PreparedStatement prune = connection.prepareStatement(PRUNE)) {
                    prune.setObject(1, UtcTime.toColumn(now.minus(settings.minuteRetention())
                            .truncatedTo(ChronoUnit.MINUTES)));
                    prune.executeUpdate();
                }
                try (PreparedStatement stamp = connection.prepareStatement(STAMP)) {
                    stamp.setObject(1, UtcTime.toColumn(now));
                    stamp.executeUpdate();
                }
                connection.commit();
                return new Result(ids.size(), minutes.size(), hours.size(), platform.size());
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DeliveryLogException("moving the analysis deltas into the rollups failed", e);
        }
    }

    private static void add(Map<RollupKey, AttemptTally> into, RollupKey key, AttemptTally tally) {
        into.computeIfAbsent(key, k -> new AttemptTally()).add(tally);
    }
}
