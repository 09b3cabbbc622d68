package dev.merchantnotify.analysis;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Additive Holt-Winters on an hourly series with a daily season and, given two weeks of history, a weekly one on top
 * (Taylor's double-seasonal form): level, trend, a 24-hour and a 168-hour seasonal index. Its smoothing parameters are
 * those that minimise the one-step-ahead squared errors over the history (Commons Math's bounded BOBYQA optimiser);
 * the prediction band at horizon h is the forecast ± 1.96 σ_h, σ_h² = σ² (1 + Σ_{j<h} c_j²) with
 * c_j = α(1 + jβ) + γ[24 | j] + ω[168 | j] (the additive model's forecast variance, Hyndman et al. 2008), σ the
 * one-step errors' standard deviation. Missing hours (NaN: a rate without attempts) take the one-step forecast.
 */
public final class HoltWinters {

    static final int DAY = 24;
    static final int WEEK = 168;
    private static final double Z95 = 1.959964;
    private static final double MAX_TREND_SMOOTHING = 0.1;
    private static final int MAX_EVALUATIONS = 2000;

    /** The fitted smoothing parameters: level, trend, daily and weekly season (0 without a weekly season). */
    public record Parameters(double alpha, double beta, double gamma, double omega) {
    }

    /** A forecast of the hours after the history: each hour's expected value and its 95 % band. */
    public record Forecast(double[] mean, double[] lower, double[] upper, double sigma, Parameters parameters,
                           boolean weekly) {
    }

    private HoltWinters() {
    }

    /** Whether a history of {@code hours} is long enough: two days. */
    public static boolean enough(int hours) {
        return hours >= 2 * DAY;
    }

    /** Fits the model to {@code history} (hourly, oldest first, NaN where unknown) and forecasts {@code horizon} hours. */
    public static Forecast forecast(double[] history, int horizon) {
        if (!enough(history.length)) {
            throw new IllegalArgumentException("a forecast needs at least " + 2 * DAY + " hours, not "
                    + history.length);
        }
        boolean weekly = history.length >= 2 * WEEK;
        double[] filled = withGapsFilled(history);
        double[] start = weekly ? new double[] {0.2, 0.01, 0.2, 0.2} : new double[] {0.2, 0.01, 0.2};
        // The best point the optimiser tried: what is used when it stops at its evaluation limit.
        double[][] best = {start.clone()};
        double[] bestValue = {Double.POSITIVE_INFINITY};
        MultivariateFunction sse = point -> {
            double value = run(filled, history, parameters(point, weekly), weekly, 0, null).sse;
            if (value < bestValue[0]) {
                bestValue[0] = value;
                best[0] = point.clone();
            }
            return value;
        };
        double[] lower = new double[start.length];
        double[] upper = weekly ? new double[] {1, MAX_TREND_SMOOTHING, 1, 1} : new double[] {1, MAX_TREND_SMOOTHING, 1};
        try {
            PointValuePair found = new BOBYQAOptimizer(2 * start.length + 1).optimize(new MaxEval(MAX_EVALUATIONS),
                    new ObjectiveFunction(sse), GoalType.MINIMIZE, new InitialGuess(start),
                    new SimpleBounds(lower, upper));
            if (found.getValue() <= bestValue[0]) {
                best[0] = found.getPoint();
            }
        } catch (MathIllegalStateException e) {
            // At its evaluation limit, or a trust-region step that could not improve (a flat optimum): the best point
            // tried is as good as any.
        }
        Parameters fitted = parameters(best[0], weekly);
        double[] mean = new double[horizon];
        State state = run(filled, history, fitted, weekly, horizon, mean);
        double sigma = state.counted == 0 ? 0 : Math.sqrt(state.sse / state.counted);
        double[] low = new double[horizon];
        double[] high = new double[horizon];
        double variance = 1;
        for (int h = 1; h <= horizon; h++) {
            if (h > 1) {
                int j = h - 1;
                double c = fitted.alpha() * (1 + j * fitted.beta()) + (j % DAY == 0 ? fitted.gamma() : 0)
                        + (weekly && j % WEEK == 0 ? fitted.omega() : 0);
                variance += c * c;
            }
            double half = Z95 * sigma * Math.sqrt(variance);
            low[h - 1] = mean[h - 1] - half;
            high[h - 1] = mean[h - 1] + half;
        }
        return new Forecast(mean, low, high, sigma, fitted, weekly);
    }

    private static Parameters parameters(double[] point, boolean weekly) {
        return new Parameters(point[0], point[1], point[2], weekly ? point[3] : 0);
    }

    /** The series with unknown hours replaced by the mean of the known ones at the same hour of the day, for the start. */
    private static double[] withGapsFilled(double[] history) {
        double[] sums = new double[DAY];
        int[] counts = new int[DAY];
        double all = 0;
        int known = 0;
        for (int t = 0; t < history.length; t++) {
            if (!Double.isNaN(history[t])) {
                sums[t % DAY] += history[t];
                counts[t % DAY]++;
                all += history[t];
                known++;
            }
        }
        double overall = known == 0 ? 0 : all / known;
        double[] filled = history.clone();
        for (int t = 0; t < filled.length; t++) {
            if (Double.isNaN(filled[t])) {
                filled[t] = counts[t % DAY] > 0 ? sums[t % DAY] / counts[t % DAY] : overall;
            }
        }
        return filled;
    }

    /** The smoothing's end: its summed squared one-step errors (after the first season) and how many. */
    private record State(double sse, int counted) {
    }

    /**
     * Runs the smoothing over the history from initial states taken from its first season(s) (gap-filled), and writes
     * the next {@code horizon} hours' forecasts into {@code forecast} when it is given.
     */
    private static State run(double[] filled, double[] history, Parameters p, boolean weekly, int horizon,
                             double[] forecast) {
        int n = history.length;
        int cycle = weekly ? WEEK : DAY;
        double firstMean = mean(filled, 0, cycle);
        double secondMean = mean(filled, cycle, 2 * cycle);
        double level = firstMean;
        double trend = (secondMean - firstMean) / cycle;
        double[] daily = new double[DAY];
        int days = cycle / DAY;
        for (int day = 0; day < days; day++) {
            double dayMean = mean(filled, day * DAY, (day + 1) * DAY);
            for (int hour = 0; hour < DAY; hour++) {
                daily[hour] += (filled[day * DAY + hour] - dayMean) / days;
            }
        }
        double[] week = new double[WEEK];
        if (weekly) {
            for (int hour = 0; hour < WEEK; hour++) {
                week[hour] = filled[hour] - firstMean - daily[hour % DAY];
            }
        }
        double sse = 0;
        int counted = 0;
        for (int t = 0; t < n; t++) {
            double d = daily[t % DAY];
            double w = week[t % WEEK];
            double expected = level + trend + d + w;
            double y = history[t];
            if (Double.isNaN(y)) {
                y = expected;
            } else if (t >= cycle) {
                double error = y - expected;
                sse += error * error;
                counted++;
            }
            double newLevel = p.alpha() * (y - d - w) + (1 - p.alpha()) * (level + trend);
            trend = p.beta() * (newLevel - level) + (1 - p.beta()) * trend;
            level = newLevel;
            daily[t % DAY] = p.gamma() * (y - level - w) + (1 - p.gamma()) * d;
            if (weekly) {
                week[t % WEEK] = p.omega() * (y - level - d) + (1 - p.omega()) * w;
            }
        }
        for (int h = 1; h <= horizon; h++) {
            int t = n + h - 1;
            forecast[h - 1] = level + h * trend + daily[t % DAY] + week[t % WEEK];
        }
        return new State(sse, counted);
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
