/**
 * Delivery analysis: success, response time and failure reasons by any dimension over any range, from rollups.
 *
 * <p>Every recorded attempt is counted into a delta row in the transaction that records it
 * ({@code dev.merchantnotify.deliverylog.DeliveryRows}); {@link dev.merchantnotify.analysis.RollupCompactor} moves
 * deltas into per-minute rows (kept {@code notify.analysis.minute-retention-days}), per-hour rows, per-hour
 * platform rows (no merchant or destination), per-day merchant rows (no other dimension) and per-day platform rows,
 * one node at a time, exactly once; the days are those of {@code notify.analysis.day-zone}, and
 * {@link dev.merchantnotify.analysis.DayRollups} makes them again when it changes. A row carries counts (attempts,
 * successes, first attempts and their successes, errors), the summed and longest response time and a response-time
 * histogram, so every measure of any grouping, percentiles included, adds up from rows.
 *
 * <p>{@link dev.merchantnotify.analysis.Analysis} answers an {@link dev.merchantnotify.analysis.AnalysisQuery}
 * (range, {@link dev.merchantnotify.analysis.Granularity}, time zone, group by a
 * {@link dev.merchantnotify.analysis.Dimension}, filters) with an {@link dev.merchantnotify.analysis.AnalysisReport},
 * and ranks the worst merchants and the commonest failure reasons ({@link dev.merchantnotify.analysis.Ranking}),
 * reading the rollups and the deltas in one statement; {@link dev.merchantnotify.analysis.AnalysisCsv} writes a report
 * as CSV. The raw log is never scanned: a year of the platform or of merchants by day, week or month (in a zone with
 * the day zone's days) reads a row per day, whatever the traffic, other zones and finer buckets the hourly rows;
 * whole-range totals (the worst merchants, which groups a breakdown shows) always the daily rows; {@code cleanup}
 * does not change an answer (the README's analysis benchmark has the costs).
 *
 * <p>{@link dev.merchantnotify.analysis.Forecasts} forecasts the next 24 hours of the platform or of a merchant
 * (notifications, success rate, p95 response time) with a {@link dev.merchantnotify.analysis.HoltWinters} model
 * (daily and weekly seasons, fitted with Commons Math) and its prediction band;
 * {@link dev.merchantnotify.analysis.AnomalyWatch} checks each past hour against it and raises an {@code anomaly}
 * alert when a measure stays outside the band, and one when it comes back.
 *
 * <p>{@link dev.merchantnotify.analysis.AnalysisMetrics} counts what these jobs did on this node (moves into the
 * rollups, their time and failures, anomalies started and ended).
 */
package dev.merchantnotify.analysis;
