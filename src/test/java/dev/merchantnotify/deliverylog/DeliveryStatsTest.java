package dev.merchantnotify.deliverylog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The statistics' SQL and arithmetic on a real (in-memory H2) database with the application's schema. */
class DeliveryStatsTest {

    @Test
    void countsPerUtcDayWithinTheRangeAndComputesTheRates() throws SQLException {
        TestDatabase db = new TestDatabase();
        Instant day1 = Instant.parse("2025-01-10T08:00:00Z");
        Instant day3 = Instant.parse("2025-01-12T23:30:00Z");
        db.notification(1, "SUCCESS", 1, day1, null);
        db.attempt(1, 1, day1, 200, true);
        db.notification(2, "SUCCESS", 2, day1, null);
        db.attempt(2, 1, day1, 5000, false);
        db.attempt(2, 2, day1.plusSeconds(15), 300, true);
        db.notification(3, "FAILED", 4, day3, null);
        for (int attempt = 1; attempt <= 4; attempt++) {
            db.attempt(3, attempt, day3.plusSeconds(attempt), 1000, false);
        }
        db.notification(4, "PENDING", 0, day3, null);
        db.notification(5, "SUCCESS", 1, Instant.parse("2025-01-13T00:00:00Z"), null); // outside [from, to)

        DeliveryStats stats = new DeliveryStats();
        stats.dataSource = db.dataSource;
        stats.readSource = db.dataSource;
        DeliveryStats.Report report = stats.between(Instant.parse("2025-01-10T00:00:00Z"),
                Instant.parse("2025-01-13T00:00:00Z"));

        assertEquals(3, report.days().size(), "every day of the range, the empty one too");
        Figures total = report.total();
        assertEquals(4, total.notifications());
        assertEquals(2, total.succeeded());
        assertEquals(1, total.failed());
        assertEquals(1, total.pending());
        assertEquals(2, total.retried());
        assertEquals(7, total.attempts());
        assertEquals(5, total.failedAttempts());
        assertEquals(new BigDecimal("50.00"), total.successRate());
        assertEquals(new BigDecimal("50.00"), total.retryRate());
        assertEquals(new BigDecimal("71.43"), total.errorRate());
        assertEquals(new BigDecimal("1.357"), total.meanResponseSeconds(), "9500 ms over 7 calls");

        Figures first = report.days().get(0);
        assertEquals(LocalDate.parse("2025-01-10"), first.day());
        assertEquals(2, first.notifications());
        assertEquals(new BigDecimal("100.00"), first.successRate());
        Figures empty = report.days().get(1);
        assertEquals(0, empty.notifications());
        assertNull(empty.successRate(), "nothing to divide by");
        assertNull(empty.meanResponseSeconds());
        assertEquals(LocalDate.parse("2025-01-12"), report.days().get(2).day());
        assertEquals(4, report.days().get(2).attempts());
    }
}
