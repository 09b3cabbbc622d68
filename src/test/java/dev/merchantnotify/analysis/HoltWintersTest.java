package dev.merchantnotify.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The forecast on generated hourly series with known daily and weekly seasonality and noise: its error on a held-back
 * day stays within the bounds the README states.
 */
class HoltWintersTest {

    /** Notifications per hour: a daily curve (busy afternoon, quiet night), weekends 35 % lower, 5 % noise. */
    static double[] traffic(int hours, long seed) {
        Random random = new Random(seed);
        double[] series = new double[hours];
        for (int t = 0; t < hours; t++) {
            int hour = t % 24;
            int day = t / 24 % 7;
            double daily = 1 + 0.6 * Math.sin((hour - 8) * Math.PI / 12);
            double weekly = day >= 5 ? 0.65 : 1.0;
            series[t] = Math.max(0, 1000 * daily * weekly * (1 + 0.05 * random.nextGaussian()));
        }
        return series;
    }

    /** The mean absolute error of the forecast in percent of the mean actual value, and the share inside the band. */
    static double[] score(double[] actual, HoltWinters.Forecast forecast) {
        double error = 0;
        double sum = 0;
        int inside = 0;
        for (int h = 0; h < actual.length; h++) {
            error += Math.abs(actual[h] - forecast.mean()[h]);
            sum += Math.abs(actual[h]);
            if (actual[h] >= forecast.lower()[h] && actual[h] <= forecast.upper()[h]) {
                inside++;
            }
        }
        return new double[] {100 * error / sum, 100.0 * inside / actual.length};
    }

    @Test
    void forecastsAHeldBackDayOfSeasonalTrafficWithin6PercentAndBandsHoldingMost() {
        for (long seed = 1; seed <= 5; seed++) {
            double[] all = traffic(28 * 24, seed);
            double[] history = Arrays.copyOf(all, 27 * 24);
            double[] heldBack = Arrays.copyOfRange(all, 27 * 24, 28 * 24);
            HoltWinters.Forecast forecast = HoltWinters.forecast(history, 24);
            assertTrue(forecast.weekly(), "two weeks and more: the weekly season too");
            double[] score = score(heldBack, forecast);
 // 5 % noise alone makes a mean absolute error of 4 %.
            assertTrue(score[0] < 6, "seed " + seed + ": mean absolute error " + score[0] + " % of the actual");
            assertTrue(score[1] >= 80, "seed " + seed + ": " + score[1] + " % of the hours inside the 95 % band");
        }
    }

    @Test
    void aWeekendIsForecastFromTheWeeklySeason() {
        // History ends on a Friday night: the held-back day is a Saturday, 35 % quieter than the days before it.
        double[] all = traffic(27 * 24, 7);
        double[] history = Arrays.copyOf(all, 26 * 24);
        double[] saturday = Arrays.copyOfRange(all, 26 * 24, 27 * 24);
        assertEquals(5, 26 % 7, "day 26 is a Saturday in the generated week");
        double[] score = score(saturday, HoltWinters.forecast(history, 24));
        assertTrue(score[0] < 6, "Saturday: mean absolute error " + score[0] + " %");
    }

    @Test
    void aDailyModelFromThreeDaysAndGapsTakeTheForecast() {
        double[] all = traffic(4 * 24, 3);
        double[] history = Arrays.copyOf(all, 3 * 24);
        history[30] = Double.NaN;
        history[31] = Double.NaN;
        HoltWinters.Forecast forecast = HoltWinters.forecast(history, 24);
        assertTrue(!forecast.weekly());
        double[] score = score(Arrays.copyOfRange(all, 3 * 24, 4 * 24), forecast);
        assertTrue(score[0] < 10, "three weekdays: mean absolute error " + score[0] + " %");
        for (int h = 1; h < 24; h++) {
            assertTrue(forecast.upper()[h] - forecast.lower()[h] >= forecast.upper()[h - 1] - forecast.lower()[h - 1]
                    - 1e-9, "the band widens with the horizon");
        }
        assertThrows(IllegalArgumentException.class, () -> HoltWinters.forecast(new double[47], 24));
    }
}
