package dev.merchantnotify.monitoring;

import dev.merchantnotify.dispatch.DispatchPoller;
import dev.merchantnotify.dispatch.RecordWorker;
import dev.merchantnotify.dispatch.QueueMaintenance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The node's health checks (MicroProfile Health).
 *
 * <ul>
 *   <li>{@code /health/ready}: the database and Redis answered the latest background check ({@link DependencyProbe}),
 *       and the pollers run. A load balancer sends producers' requests to ready nodes only.</li>
 *   <li>{@code /health/live}: the pollers make progress: the dispatch poll and record loops (when this node delivers)
 *       and the queue's promote timer came round within {@code notify.monitoring.stall-seconds}. They come round while
 *       the database or Redis is down too (they back off and try again), so an outage of a shared dependency never
 *       makes a node "dead" and restarted; a hung loop does.</li>
 * </ul>
 */
@ApplicationScoped
public class HealthChecks {

    @Inject
    DependencyProbe probe;

    @Inject
    DispatchPoller poller;

    @Inject
    RecordWorker records;

    @Inject
    QueueMaintenance maintenance;

    @Inject
    MonitoringSettings settings;

    @Inject
    Clock clock;

    /** When monitoring started: a loop that has not come round yet is not stalled before it has had its time. */
    private volatile long startedAtMillis;

    void start(@Observes Startup startup) {
        startedAtMillis = clock.millis();
    }

    @Produces
    @Readiness
    HealthCheck database() {
        return () -> dependency(probe.database());
    }

    @Produces
    @Readiness
    HealthCheck redis() {
        return () -> dependency(probe.redis());
    }

    @Produces
    @Readiness
    HealthCheck pollersRun() {
        return () -> pollers(true);
    }

    @Produces
    @Liveness
    HealthCheck pollersProgress() {
        return () -> pollers(false);
    }

    private static HealthCheckResponse dependency(DependencyProbe.Check check) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(check.dependency()).status(check.up());
        if (check.error() != null) {
            response.withData("error", check.error());
        }
        return response.build();
    }

    /**
     * Whether each loop came round within the stall bound. For readiness, a loop that has never come round is not
     * running yet; for liveness it is still starting.
     */
    private HealthCheckResponse pollers(boolean readiness) {
        long now = clock.millis();
        List<String> stalled = new ArrayList<>();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("pollers");
        if (poller.enabled()) {
            loop("dispatch-poll", poller.polledAtMillis(), now, readiness, response, stalled);
            loop("dispatch-record", records.recordedAtMillis(), now, readiness, response, stalled);
        } else {
            response.withData("dispatch", "off on this node (notify.dispatch.enabled=false)");
        }
        loop("queue-timers", maintenance.promotedAtMillis(), now, readiness, response, stalled);
        if (!stalled.isEmpty()) {
            response.withData("stalled", String.join(", ", stalled));
        }
        return response.status(stalled.isEmpty()).build();
    }

    private void loop(String name, long lastMillis, long now, boolean readiness, HealthCheckResponseBuilder response,
                      List<String> stalled) {
        long stall = settings.stall().toMillis();
        if (lastMillis == 0) {
            response.withData(name, "not started");
            if (readiness || now - startedAtMillis > stall) {
                stalled.add(name);
            }
            return;
        }
        long ago = Math.max(0, now - lastMillis); // the loop may have come round since "now" was read
        response.withData(name, ago + " ms ago");
        if (ago > stall) {
            stalled.add(name);
        }
    }
}
