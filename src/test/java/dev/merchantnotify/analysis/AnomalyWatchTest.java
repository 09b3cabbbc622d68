package dev.merchantnotify.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.merchantnotify.alerting.Alerts;
import dev.merchantnotify.alerting.Anomaly;
import dev.merchantnotify.deliverylog.AttemptTally;
import dev.merchantnotify.deliverylog.RollupKey;
import dev.merchantnotify.deliverylog.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forecasts and anomaly alerts on a real (in-memory H2) database: three weeks of hourly rollups with a daily and weekly
 * rhythm for a large merchant and a small one, then a drop of the small one's success rate for some hours.
 */
class AnomalyWatchTest {

    private static final Instant T0 = Instant.parse("2026-10-05T00:00:00Z");
    private static final int HISTORY = 21 * 24;

    /** Alerts that are only kept. */
    static final class Kept extends Alerts {
        final List<Anomaly> raised = new ArrayList<>();

        @Override
        public void raiseAnomaly(Anomaly anomaly) {
            raised.add(anomaly);
        }
    }

    private TestDatabase db;
    private AnomalyWatch watch;
    private Forecasts forecasts;
    private final Kept alerts = new Kept();
    private final Random random = new Random(11);

    @BeforeEach
    void history() throws SQLException {
        db = new TestDatabase();
        AnalysisSettings settings = new AnalysisSettings();
        settings.compactSeconds = 5;
        settings.minuteRetentionDays = 7;
        settings.dayZoneId = java.time.ZoneId.of("UTC");
        settings.forecastHistoryDays = 28;
        settings.anomalyHours = 2;
        settings.anomalyMerchants = 5;
        Analysis analysis = new Analysis();
        analysis.readSource = db.dataSource;
        analysis.settings = settings;
        forecasts = new Forecasts();
        forecasts.analysis = analysis;
        forecasts.settings = settings;
        watch = new AnomalyWatch();
        watch.dataSource = db.dataSource;
        watch.forecasts = forecasts;
        watch.analysis = analysis;
        watch.settings = settings;
        watch.alerts = alerts;
        for (int t = 0; t < HISTORY; t++) {
            hour(t, 0.98);
        }
    }

    /** Writes hour {@code t}: the big merchant at 98 % success, the small one at {@code smallSuccess}. */
    private void hour(int t, double smallSuccess) throws SQLException {
        double[] rhythm = HoltWintersTest.traffic(t + 1, 5);
        double shape = rhythm[t] / 1000;
        Instant start = T0.plus(t, ChronoUnit.HOURS);
        Map<RollupKey, AttemptTally> hours = new HashMap<>();
        Map<RollupKey, AttemptTally> platform = new HashMap<>();
        add(hours, platform, new RollupKey(start, "BIG", "key-big-0000001", "http", "order.paid", "", 200),
                (int) Math.round(3000 * shape), 0.98);
        add(hours, platform, new RollupKey(start, "SMALL", "key-small-00001", "http", "order.paid", "", 200),
                (int) Math.round(300 * shape), smallSuccess);
        try (Connection connection = db.dataSource.getConnection()) {
            Rollups.HOUR.add(connection, hours);
            Rollups.HOUR_PLATFORM.add(connection, platform);
        }
    }

    private void add(Map<RollupKey, AttemptTally> hours, Map<RollupKey, AttemptTally> platform, RollupKey key,
                     int attempts, double success) {
        AttemptTally ok = new AttemptTally();
        AttemptTally failed = new AttemptTally();
        for (int i = 0; i < attempts; i++) {
            long millis = 40 + random.nextInt(50);
            if (random.nextDouble() < success) {
                ok.add(1, true, null, 200, millis);
            } else {
                failed.add(1, false, "http_status", 500, millis);
            }
        }
        RollupKey failure = new RollupKey(key.bucket(), key.merchant(), key.destinationKey(), key.channel(),
                key.event(), "http_status", 500);
        hours.put(key, ok);
        hours.put(failure, failed);
        platform.merge(new RollupKey(key.bucket(), "", "", key.channel(), key.event(), "", 200), ok,
                (a, b) -> new AttemptTally().add(a).add(b));
        platform.merge(new RollupKey(key.bucket(), "", "", key.channel(), key.event(), "http_status", 500), failed,
                (a, b) -> new AttemptTally().add(a).add(b));
    }

    private static Set<String> named(List<Anomaly> anomalies) {
        return anomalies.stream().map(a -> (a.merchant() == null ? "platform" : a.merchant()) + " " + a.measure()
                + (a.recovered() ? " recovered" : a.above() ? " above" : " below")).collect(Collectors.toSet());
    }

    @Test
    void aDropRaisesOneAlertPerMeasureHitAndOneRecovery() throws SQLException {
        Instant checkAt = T0.plus(HISTORY, ChronoUnit.HOURS).plusSeconds(90);
        assertEquals(Set.of(), named(watch.check(checkAt)), "three weeks as usual: nothing to say");

        hour(HISTORY, 0.60);
        hour(HISTORY + 1, 0.60);
        checkAt = checkAt.plus(2, ChronoUnit.HOURS);
        List<Anomaly> started = watch.check(checkAt);
        assertEquals(Set.of("SMALL SUCCESS_RATE below", "platform SUCCESS_RATE below"), named(started));
        Anomaly small = started.stream().filter(a -> "SMALL".equals(a.merchant())).findFirst().orElseThrow();
        assertEquals(2, small.hours().size());
        for (Anomaly.Hour hour : small.hours()) {
            assertTrue(hour.actual() < 70 && hour.lower() > 90, hour.toString());
        }
        assertEquals(List.of(), watch.check(checkAt.plusSeconds(600)), "an hour is checked once");

        hour(HISTORY + 2, 0.60);
        checkAt = checkAt.plus(1, ChronoUnit.HOURS);
        assertEquals(List.of(), watch.check(checkAt), "still going on: no second alert");

        hour(HISTORY + 3, 0.98);
        checkAt = checkAt.plus(1, ChronoUnit.HOURS);
        assertEquals(List.of(), watch.check(checkAt), "one hour back inside is not yet a recovery");
        hour(HISTORY + 4, 0.98);
        checkAt = checkAt.plus(1, ChronoUnit.HOURS);
        List<Anomaly> ended = watch.check(checkAt);
        assertEquals(Set.of("SMALL SUCCESS_RATE recovered", "platform SUCCESS_RATE recovered"), named(ended));
        assertFalse(ended.get(0).above());
        assertEquals(0, db.count("analysis_anomaly"));
    }

    @Test
    void forecastsTheNextDayWithBands() {
        Instant now = T0.plus(HISTORY, ChronoUnit.HOURS).plusSeconds(600);
        Forecasts.View view = forecasts.forecast("BIG", now, ZoneId.of("Asia/Shanghai"), 24).orElseThrow();
        assertEquals(HISTORY, view.historyHours());
        assertEquals(3, view.measures().size());
        Forecasts.Series notifications = view.measures().get(0);
        assertEquals("notifications", notifications.measure());
        assertTrue(notifications.weekly());
        assertEquals(24, notifications.recent().size());
        assertEquals(Forecasts.HORIZON, notifications.forecast().size());
        double[] expected = HoltWintersTest.traffic(HISTORY + 24, 5);
        double error = 0;
        for (int h = 0; h < 24; h++) {
            Forecasts.Predicted hour = notifications.forecast().get(h);
            assertTrue(hour.lower() <= hour.forecast() && hour.forecast() <= hour.upper(), hour.toString());
            assertEquals(8 * 3600, hour.start().getOffset().getTotalSeconds());
            error += Math.abs(hour.forecast() - 3 * expected[HISTORY + h]) / (3 * expected[HISTORY + h]);
        }
        assertTrue(error / 24 < 0.08, "mean relative error " + error / 24);
        Forecasts.Series rate = view.measures().get(1);
        rate.forecast().forEach(hour -> assertTrue(hour.upper() <= 100 && hour.lower() >= 0, hour.toString()));
        assertTrue(forecasts.forecast("NOBODY", now, ZoneOffset.UTC, 24).isEmpty(), "no history, no forecast");
    }
}
