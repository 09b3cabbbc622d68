/**
 * Monitoring: what the node tells Prometheus and the orchestrator.
 *
 * <ul>
 *   <li>{@link dev.merchantnotify.monitoring.DeliveryMetrics}: the application's MicroProfile Metrics (names and
 *       meanings in the README's "Metrics and health"). Counters, the two timers (Prometheus histograms, buckets in
 *       {@code microprofile-config.properties}) and the rate gauges are the node's own, fed by the CDI events
 *       {@link dev.merchantnotify.ingest.NotificationsAccepted} (per ingest request) and
 *       {@link dev.merchantnotify.dispatch.OutcomesRecorded} (per recorded batch), in memory: no delivery waits for a
 *       metric or pays a round trip for one. The rate gauges sum one-second buckets over
 *       {@code notify.monitoring.window-seconds} ({@link dev.merchantnotify.monitoring.AttemptWindow}).</li>
 *   <li>{@link dev.merchantnotify.monitoring.ClusterFigures}: the queue's counts (Redis) and merchants by status (the
 *       merchant table), shared by all nodes and read at scrape time (and by the console's dashboard), at most once a
 *       second each.</li>
 *   <li>{@link dev.merchantnotify.monitoring.HealthChecks}: {@code /health/ready} (database and Redis answered
 *       {@link dev.merchantnotify.monitoring.DependencyProbe}'s latest background check, pollers run) and
 *       {@code /health/live} (pollers make progress). A health request never waits on the database or Redis: the probe
 *       checks them on its own schedule, so a hung dependency shows as an old check, not as a hung probe.</li>
 * </ul>
 * Decisions: the error rate counts what the error-rate alert counts (no connection, timeout, broken exchange, HTTP
 * 5xx, {@link dev.merchantnotify.dispatch.DeliveryOutcome#unusableAnswer()}); liveness does not depend on the database
 * or Redis, so a shared outage never gets every node restarted at once.
 */
package dev.merchantnotify.monitoring;
