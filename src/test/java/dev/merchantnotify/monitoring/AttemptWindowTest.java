package dev.merchantnotify.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.merchantnotify.monitoring.AttemptWindow.Totals;
import org.junit.jupiter.api.Test;

class AttemptWindowTest {

    @Test
    void sumsTheAttemptsOfTheLastSeconds() {
        AttemptWindow window = new AttemptWindow(10);
        window.add(1_000, new Totals(4, 3, 1, 1));
        window.add(1_005, new Totals(6, 6, 0, 0));
        window.add(1_005, new Totals(2, 1, 1, 0));
        assertEquals(new Totals(12, 10, 2, 1), window.totals(1_009));
    }

    @Test
    void forgetsAttemptsOlderThanTheWindow() {
        AttemptWindow window = new AttemptWindow(10);
        window.add(1_000, new Totals(4, 0, 0, 4));
        window.add(1_005, new Totals(1, 1, 0, 0));
        assertEquals(new Totals(1, 1, 0, 0), window.totals(1_010));
        assertEquals(Totals.NONE, window.totals(1_015));
    }

    @Test
    void reusesABucketForANewSecondWithoutKeepingItsOldCounts() {
        AttemptWindow window = new AttemptWindow(10);
        window.add(1_000, new Totals(5, 5, 0, 0));
        window.add(1_010, new Totals(1, 0, 1, 1));
        assertEquals(new Totals(1, 0, 1, 1), window.totals(1_010));
    }

    @Test
    void ignoresBucketsFromTheFutureWhenTheClockStepsBack() {
        AttemptWindow window = new AttemptWindow(10);
        window.add(1_005, new Totals(3, 3, 0, 0));
        assertEquals(Totals.NONE, window.totals(1_004));
    }

    @Test
    void sharesAreFractionsAndNaNWithoutAttempts() {
        Totals totals = new Totals(8, 6, 2, 1);
        assertEquals(0.75, totals.share(totals.successes()));
        assertEquals(0.25, totals.share(totals.retries()));
        assertEquals(0.125, totals.share(totals.errors()));
        assertTrue(Double.isNaN(Totals.NONE.share(0)));
    }

    @Test
    void refusesAnEmptyWindow() {
        assertThrows(IllegalArgumentException.class, () -> new AttemptWindow(0));
    }
}
