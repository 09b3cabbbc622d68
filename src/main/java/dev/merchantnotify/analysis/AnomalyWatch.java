package dev.merchantnotify.analysis;

import dev.merchantnotify.alerting.Alerts;
import dev.merchantnotify.alerting.Anomaly;
import dev.merchantnotify.deliverylog.DeliveryLogException;
import dev.merchantnotify.deliverylog.UtcTime;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Watches each hour, once it is over, for anomalies: for the platform and the {@code notify.analysis.anomaly.merchants}
 * busiest merchants of the last day, each measure of {@link Forecasts} is forecast for the last
 * {@code notify.analysis.anomaly.hours} hours from the hours before them; all of them above the band (or all below)
 * starts an anomaly, all of them inside it ends one (a success rate's band widened by the binomial error of the hour's
 * attempts; the hours of an anomaly going on are left out of the history the forecast is fitted to, so the model does
 * not learn them as the new usual). A start and an end each raise one alert (type {@code anomaly}); the anomalies going
 * on are kept in {@code analysis_anomaly}, and one node checks each hour (its {@code analysis_state} row is locked
 * meanwhile and then notes the hour).
 */
@ApplicationScoped
public class AnomalyWatch {

    private static final Logger LOG = Logger.getLogger(AnomalyWatch.class.getName());
    private static final long CHECK_MILLIS = 60_000;
    /** How long a check waits for a read replica to replay what the primary has, before it tries again next minute. */
    private static final java.time.Duration REPLICA_WAIT = java.time.Duration.ofSeconds(10);

    private static final String LOCK = "SELECT done_at FROM analysis_state WHERE job = 'anomaly' FOR UPDATE";
    private static final String STAMP = "UPDATE analysis_state SET done_at = ? WHERE job = 'anomaly'";
    private static final String GOING_ON = "SELECT above, since FROM analysis_anomaly WHERE scope = ? AND measure = ?";
    private static final String START = "INSERT INTO analysis_anomaly (scope, measure, above, since) VALUES (?, ?, ?, ?)";
    private static final String END = "DELETE FROM analysis_anomaly WHERE scope = ? AND measure = ?";

    @Resource(lookup = "jdbc/merchantNotify")
    DataSource dataSource;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService executor;

    @Inject
    Forecasts forecasts;

    @Inject
    Analysis analysis;

    @Inject
    AnalysisSettings settings;

    @Inject
    Alerts alerts;

    @Inject
    Clock clock;

    @Inject
    AnalysisMetrics metrics;

    private ScheduledFuture<?> task;

    void start(@Observes Startup startup) {
        task = executor.scheduleWithFixedDelay(this::checkQuietly, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void checkQuietly() {
        try {
            metrics.anomalies(check(clock.instant()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Checking the last hour for anomalies failed; tried again in a minute", e);
        }
    }

    /**
     * Checks the hours up to the last whole hour before {@code now}, unless a node did already; answers the alerts
     * raised (starts and ends).
     */
    public List<Anomaly> check(Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        List<Anomaly> raised = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                LocalDateTime done;
                try (PreparedStatement lock = connection.prepareStatement(LOCK);
                     ResultSet row = lock.executeQuery()) {
                    row.next();
                    done = row.getObject(1, LocalDateTime.class);
                }
                boolean due = done == null || UtcTime.fromColumn(done).isBefore(hour);
                if (due && !analysis.readsCaughtUp(connection, REPLICA_WAIT)) {
                    // A read replica behind the primary would show the hour short: a false anomaly. Not this minute.
                    LOG.info("The read replica (PG_READ_HOST) has not replayed what the primary has; the last hour's "
                            + "anomaly check waits for it (tried again in a minute)");
                } else if (due) {
                    List<String> scopes = new ArrayList<>();
                    scopes.add(null);
                    scopes.addAll(busiest(hour, now));
                    for (String merchant : scopes) {
                        raised.addAll(checkScope(connection, merchant, hour, now));
                    }
                    try (PreparedStatement stamp = connection.prepareStatement(STAMP)) {
                        stamp.setObject(1, UtcTime.toColumn(hour));
                        stamp.executeUpdate();
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DeliveryLogException("checking for anomalies failed", e);
        }
        // Sent once the hour's check is committed: a check that failed is done again, and alerts only once.
        raised.forEach(alerts::raiseAnomaly);
        return raised;
    }

    /** The busiest merchants of the day before {@code hour}. */
    private List<String> busiest(Instant hour, Instant now) {
        if (settings.anomalyMerchants() == 0) {
            return List.of();
        }
        AnalysisQuery lastDay = new AnalysisQuery(hour.minus(1, ChronoUnit.DAYS), hour, Granularity.HOUR,
                java.time.ZoneOffset.UTC, Dimension.MERCHANT, Map.of(), settings.anomalyMerchants());
        return analysis.rank(lastDay, Ranking.By.BUSIEST, 1, now).rows().stream().map(Ranking.Row::key).toList();
    }

    private List<Anomaly> checkScope(Connection connection, String merchant, Instant hour, Instant now)
            throws SQLException {
        int watched = settings.anomalyHours();
        Forecasts.Hourly hourly = forecasts.hourly(merchant, hour.minus(settings.forecastHistory()), hour, now);
        int historyEnd = hourly.hours() - watched;
        if (hourly.firstActive() < 0 || !HoltWinters.enough(historyEnd - hourly.firstActive())) {
            return List.of();
        }
        List<Anomaly> raised = new ArrayList<>();
        String scope = merchant == null ? "" : merchant;
        for (Forecasts.Measure measure : Forecasts.Measure.values()) {
            double[] values = hourly.values()[measure.ordinal()];
            GoingOn goingOn = goingOn(connection, scope, measure);
            double[] history = Arrays.copyOfRange(values, hourly.firstActive(), historyEnd);
            if (goingOn != null) {
                // The hours of an anomaly going on are not what to expect: the model passes over them.
                long since = ChronoUnit.HOURS.between(hourly.from(), goingOn.since()) - hourly.firstActive();
                for (long t = Math.max(0, since); t < history.length; t++) {
                    history[(int) t] = Double.NaN;
                }
            }
            HoltWinters.Forecast forecast = HoltWinters.forecast(history, watched);
            List<Anomaly.Hour> hours = new ArrayList<>();
            int above = 0;
            int below = 0;
            int inside = 0;
            for (int h = 0; h < watched; h++) {
                double actual = values[historyEnd + h];
                double half = (forecast.upper()[h] - forecast.lower()[h]) / 2;
                if (measure == Forecasts.Measure.SUCCESS_RATE) {
                    // A rate over few attempts varies by chance alone: the band widens by its binomial error.
                    half = Math.hypot(half, sampling(forecast.mean()[h], hourly.attempts()[historyEnd + h]));
                }
                double lower = measure.clamp(forecast.mean()[h] - half);
                double upper = measure.clamp(forecast.mean()[h] + half);
                hours.add(new Anomaly.Hour(hour.minus(watched - h, ChronoUnit.HOURS), actual, lower, upper));
                if (Double.isNaN(actual)) {
                    continue;
                }
                if (actual > upper) {
                    above++;
                } else if (actual < lower) {
                    below++;
                } else {
                    inside++;
                }
            }
            Boolean goingOnAbove = goingOn == null ? null : goingOn.above();
            Anomaly.Measure shown = Anomaly.Measure.values()[measure.ordinal()];
            if (goingOnAbove == null && (above == watched || below == watched)) {
                update(connection, START, scope, measure, above == watched, hours.get(0).start());
                raised.add(new Anomaly(now, merchant, shown, above == watched, false, hours));
                LOG.warning(() -> "Anomaly: " + (merchant == null ? "the platform's" : "merchant " + merchant + "'s")
                        + " " + measure.apiName() + " outside its forecast for " + watched + " h");
            } else if (goingOnAbove != null && inside == watched) {
                update(connection, END, scope, measure, false, null);
                raised.add(new Anomaly(now, merchant, shown, goingOnAbove, true, hours));
                LOG.info(() -> "Anomaly over: " + (merchant == null ? "the platform's" : "merchant " + merchant + "'s")
                        + " " + measure.apiName() + " back within its forecast");
            }
        }
        return raised;
    }

    /** 1.96 standard errors of a success rate (percent) near {@code percent} measured over {@code attempts}. */
    static double sampling(double percent, long attempts) {
        if (attempts <= 0) {
            return 0;
        }
        double p = Math.min(1, Math.max(0, percent / 100));
        // At least one attempt's worth of either outcome, so a rate forecast at 100 % still allows a failure.
        double spread = Math.max(p * (1 - p), 1.0 / attempts);
        return 1.96 * 100 * Math.sqrt(spread / attempts);
    }

    /** An anomaly going on: whether above the band, and since which hour. */
    private record GoingOn(boolean above, Instant since) {
    }

    /** The anomaly of this measure going on, or null. */
    private static GoingOn goingOn(Connection connection, String scope, Forecasts.Measure measure) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(GOING_ON)) {
            select.setString(1, scope);
            select.setString(2, measure.apiName());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? new GoingOn(row.getBoolean(1),
                        UtcTime.fromColumn(row.getObject(2, LocalDateTime.class))) : null;
            }
        }
    }

    private static void update(Connection connection, String sql, String scope, Forecasts.Measure measure,
                               boolean above, Instant since) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, scope);
            statement.setString(2, measure.apiName());
            if (since != null) {
                statement.setBoolean(3, above);
                statement.setObject(4, UtcTime.toColumn(since));
            }
            statement.executeUpdate();
        }
    }
}
