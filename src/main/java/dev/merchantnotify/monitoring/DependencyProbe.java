package dev.merchantnotify.monitoring;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import redis.clients.jedis.UnifiedJedis;

/**
 * Checks, in the background, that the database and Redis answer: each every {@code notify.monitoring.probe-interval-seconds}
 * on its own schedule, so a hanging one never delays the other or a health request. The health checks read the latest
 * result; a check that has not finished for {@link MonitoringSettings#probeValidity()} counts as no answer.
 */
@ApplicationScoped
public class DependencyProbe {

    /** The latest answer of one dependency. */
    record Check(String dependency, boolean up, long checkedAtMillis, String error) {
    }

    @Resource(lookup = "jdbc/merchantNotify")
    DataSource dataSource;

    @Inject
    UnifiedJedis redis;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService executor;

    @Inject
    MonitoringSettings settings;

    @Inject
    Clock clock;

    private volatile Check database = new Check("database", false, 0, "not checked yet");
    private volatile Check redisCheck = new Check("redis", false, 0, "not checked yet");
    private List<ScheduledFuture<?>> tasks = List.of();

    void start(@Observes Startup startup) {
        long interval = settings.probeInterval().toMillis();
        tasks = List.of(
                executor.scheduleWithFixedDelay(() -> database = check("database", this::databaseAnswers), 0, interval,
                        TimeUnit.MILLISECONDS),
                executor.scheduleWithFixedDelay(() -> redisCheck = check("redis", this::redisAnswers), 0, interval,
                        TimeUnit.MILLISECONDS));
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        tasks.forEach(task -> task.cancel(false));
    }

    /** The database's latest answer, as of now (a check too old is a failure). */
    Check database() {
        return current(database);
    }

    /** Redis's latest answer, as of now. */
    Check redis() {
        return current(redisCheck);
    }

    private Check current(Check check) {
        long age = clock.millis() - check.checkedAtMillis();
        if (check.checkedAtMillis() != 0 && age > settings.probeValidity().toMillis()) {
            return new Check(check.dependency(), false, check.checkedAtMillis(), "no answer for " + age / 1000 + " s");
        }
        return check;
    }

    private Check check(String dependency, Supplier<String> probe) {
        String error;
        try {
            error = probe.get();
        } catch (RuntimeException e) {
            error = e.toString();
        }
        return new Check(dependency, error == null, clock.millis(), error);
    }

    /** Null when a connection from the pool is valid, else what went wrong. */
    private String databaseAnswers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2) ? null : "the connection is not valid";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    /** Null when Redis answers PING. */
    private String redisAnswers() {
        String answer = redis.ping();
        return "PONG".equals(answer) ? null : "unexpected answer to PING: " + answer;
    }
}
