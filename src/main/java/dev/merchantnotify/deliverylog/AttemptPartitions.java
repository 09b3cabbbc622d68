package dev.merchantnotify.deliverylog;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The day partitions of {@code delivery_attempt} on PostgreSQL (schema V14): one per UTC day,
 * {@code delivery_attempt_pYYYYMMDD}, and {@code delivery_attempt_default} for a row no day takes. At start-up and
 * every hour the node makes sure that today and the next {@code notify.deliverylog.partition-days-ahead} days have
 * theirs; a day whose rows already sit in the default partition (the node was down longer than that) gets them moved
 * in. A clean-up drops the days that end before its cut-off ({@link #dropBefore}). Nodes take turns through a
 * transaction-scoped advisory lock. On H2 the table is not partitioned and this bean does nothing.
 */
@ApplicationScoped
public class AttemptPartitions {

    /** A day's partition: {@code delivery_attempt_p} and the day as {@code yyyyMMdd}. */
    static final String PREFIX = "delivery_attempt_p";
    static final String DEFAULT_PARTITION = "delivery_attempt_default";
    private static final Pattern DAY_NAME = Pattern.compile(PREFIX + "(\\d{8})");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    /** The advisory lock every node takes to change the partitions (an arbitrary constant of this application). */
    private static final long LOCK = 0x4d4e_5041_5254L;
    private static final Logger LOG = Logger.getLogger(AttemptPartitions.class.getName());

    /** What a clean-up dropped: whole days and the attempts they held. */
    public record Dropped(int days, long attempts) {
        static final Dropped NONE = new Dropped(0, 0);
    }

    @Resource(lookup = "jdbc/merchantNotify")
    DataSource dataSource;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService executor;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "notify.deliverylog.partition-days-ahead")
    int daysAhead;

    private volatile boolean partitioned;
    private ScheduledFuture<?> task;

    void start(@Observes Startup startup) {
        if (daysAhead < 1 || daysAhead > 366) {
            throw new IllegalStateException("notify.deliverylog.partition-days-ahead "
                    + "(NOTIFY_DELIVERYLOG_PARTITION_DAYS_AHEAD) must be from 1 to 366, not " + daysAhead);
        }
        partitioned = detect();
        if (partitioned) {
            ensureQuietly();
            task = executor.scheduleWithFixedDelay(this::ensureQuietly, 1, 1, TimeUnit.HOURS);
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** Whether {@code delivery_attempt} is partitioned here (PostgreSQL from V14). */
    public boolean partitioned() {
        return partitioned;
    }

    private boolean detect() {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT)
                    .contains("postgres")) {
                return false;
            }
            try (PreparedStatement kind = connection.prepareStatement(
                    "SELECT relkind FROM pg_class WHERE oid = to_regclass('delivery_attempt')");
                 ResultSet result = kind.executeQuery()) {
                return result.next() && "p".equals(result.getString(1));
            }
        } catch (SQLException e) {
            throw new DeliveryLogException("reading how delivery_attempt is stored failed", e);
        }
    }

    private void ensureQuietly() {
        try {
            List<LocalDate> made = ensure();
            if (!made.isEmpty()) {
                LOG.info(() -> "Delivery log: day partitions made for " + made);
            }
        } catch (RuntimeException e) {
            LOG.warning(() -> "Delivery log: the next days' partitions could not be made now (attempts of a missing "
                    + "day go to " + DEFAULT_PARTITION + " meanwhile and are moved in later): " + e);
        }
    }

    /** Makes the missing partitions of today and the next days; returns the days made. */
    public List<LocalDate> ensure() {
        if (!partitioned) {
            return List.of();
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<LocalDate> made = new ArrayList<>();
        locked(() -> "making the delivery log's day partitions failed", connection -> {
            TreeMap<LocalDate, String> existing = days(connection);
            for (LocalDate day = today; !day.isAfter(today.plusDays(daysAhead)); day = day.plusDays(1)) {
                if (!existing.containsKey(day)) {
                    create(connection, day);
                    made.add(day);
                }
            }
        });
        return made;
    }

    /**
     * Drops the day partitions that end at or before {@code cutoff} (UTC), counting their rows first; what is left
     * before the cut-off (the rest of its day, the default partition) is for the row deletes of {@link LogCleanup}.
     */
    Dropped dropBefore(LocalDateTime cutoff) {
        if (!partitioned) {
            return Dropped.NONE;
        }
        int[] days = {0};
        long[] attempts = {0};
        locked(() -> "dropping the delivery log's partitions before " + cutoff + " failed after " + days[0]
                + " day(s)", connection -> {
            for (var entry : days(connection).entrySet()) {
                if (entry.getKey().plusDays(1).atStartOfDay().isAfter(cutoff)) {
                    break;
                }
                try (Statement statement = connection.createStatement()) {
                    try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + entry.getValue())) {
                        count.next();
                        attempts[0] += count.getLong(1);
                    }
                    statement.execute("DROP TABLE " + entry.getValue());
                }
                days[0]++;
                // One day per transaction: the parent's lock is held only as long as one drop takes.
                connection.commit();
                lock(connection);
            }
        });
        return new Dropped(days[0], attempts[0]);
    }

    /** Work on the partitions, on one connection, inside a transaction. */
    @FunctionalInterface
    private interface PartitionWork {
        void run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction holding the nodes' advisory lock, committed at the end and rolled back on a
     * failure, which is thrown as a {@link DeliveryLogException} with {@code failure}'s text.
     */
    private void locked(Supplier<String> failure, PartitionWork work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                lock(connection);
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DeliveryLogException(failure.get(), e);
        }
    }

    /** The day partitions there are, by day. */
    TreeMap<LocalDate, String> days(Connection connection) throws SQLException {
        TreeMap<LocalDate, String> days = new TreeMap<>();
        try (PreparedStatement list = connection.prepareStatement("SELECT c.relname FROM pg_inherits i "
                + "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'delivery_attempt'::regclass");
             ResultSet result = list.executeQuery()) {
            while (result.next()) {
                Matcher name = DAY_NAME.matcher(result.getString(1));
                if (name.matches()) {
                    days.put(LocalDate.parse(name.group(1), DAY), name.group());
                }
            }
        }
        return days;
    }

    /**
     * Creates {@code day}'s partition. Rows of that day already in the default partition would make a plain
     * {@code PARTITION OF} fail, so they are moved: the table is made apart, filled from the default, and attached.
     */
    private static void create(Connection connection, LocalDate day) throws SQLException {
        String name = PREFIX + DAY.format(day);
        String from = "'" + day + " 00:00:00'";
        String to = "'" + day.plusDays(1) + " 00:00:00'";
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + name + " (LIKE delivery_attempt INCLUDING DEFAULTS INCLUDING "
                    + "CONSTRAINTS)");
            String range = "started_at >= " + from + " AND started_at < " + to;
            statement.execute("INSERT INTO " + name + " SELECT * FROM " + DEFAULT_PARTITION + " WHERE " + range);
            statement.execute("DELETE FROM " + DEFAULT_PARTITION + " WHERE " + range);
            statement.execute("ALTER TABLE delivery_attempt ATTACH PARTITION " + name + " FOR VALUES FROM (" + from
                    + ") TO (" + to + ")");
        }
    }

    private static void lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK);
            lock.execute();
        }
    }
}
