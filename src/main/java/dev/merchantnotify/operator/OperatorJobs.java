package dev.merchantnotify.operator;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import redis.clients.jedis.UnifiedJedis;

/**
 * Operators' long changes, run in the background on the managed executor, each with its state in Redis (the hash
 * {@code merchant_notify_job:{id}}, kept 7 days) so that any node answers {@code GET jobs/{id}}. The request that
 * starts one waits up to {@code notify.operator.job-wait-seconds} and answers with the finished job, or with the job
 * still running (the API's 202). A job whose node stops is shown {@code abandoned} once it has not reported for a
 * minute.
 */
@ApplicationScoped
public class OperatorJobs {

    public static final String JOB_PREFIX = "merchant_notify_job:";
    private static final Duration KEEP = Duration.ofDays(7);
    private static final Duration SILENT_FOR = Duration.ofSeconds(60);
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Logger LOG = Logger.getLogger(OperatorJobs.class.getName());

    /** What a job reports as it goes, and what it has reported so far. */
    public interface Progress {
        /** The notifications found to queue. */
        void total(long total);

        /** The notifications queued so far. */
        void queued(long queued);

        /** The last {@link #total(long)} reported, 0 before. */
        long total();

        /** The last {@link #queued(long)} reported, 0 before. */
        long queued();
    }

    /** A job's work; what it returns is its final count of notifications queued. */
    @FunctionalInterface
    public interface Work {
        long run(Progress progress);
    }

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    @Inject
    UnifiedJedis redis;

    @Inject
    OperatorSettings settings;

    @Inject
    Clock clock;

    /** Starts {@code work} and waits for it up to the job wait: answers it finished, or still running. */
    public JobView start(String kind, String target, Operator operator, Work work) {
        String id = UUID.randomUUID().toString().replace("-", "");
        String key = JOB_PREFIX + id;
        String now = String.valueOf(clock.millis());
        Map<String, String> fields = new HashMap<>();
        fields.put("kind", kind);
        fields.put("target", target);
        fields.put("by", operator.name());
        fields.put("state", JobView.State.RUNNING.apiName());
        fields.put("total", "0");
        fields.put("queued", "0");
        fields.put("started_at", now);
        fields.put("updated_at", now);
        redis.hset(key, fields);
        redis.pexpire(key, KEEP.toMillis());
        Future<?> running = executor.submit(() -> execute(key, kind, target, work));
        try {
            running.get(settings.jobWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // still running: the caller answers with the job to poll
        } catch (ExecutionException e) {
            // execute() records its own failures; nothing escapes it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return find(id).orElseThrow(() -> new IllegalStateException("job " + id + " vanished from Redis"));
    }

    private void execute(String key, String kind, String target, Work work) {
        Progress progress = new Progress() {
            private long total;
            private long queued;

            @Override
            public void total(long found) {
                total = found;
                redis.hset(key, Map.of("total", String.valueOf(found), "updated_at", String.valueOf(clock.millis())));
            }

            @Override
            public void queued(long soFar) {
                queued = soFar;
                redis.hset(key, Map.of("queued", String.valueOf(soFar), "updated_at", String.valueOf(clock.millis())));
            }

            @Override
            public long total() {
                return total;
            }

            @Override
            public long queued() {
                return queued;
            }
        };
        try {
            long queued = work.run(progress);
            redis.hset(key, Map.of("state", JobView.State.DONE.apiName(), "queued", String.valueOf(queued),
                    "finished_at", String.valueOf(clock.millis())));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Operator job " + kind + " " + target + " failed", e);
            try {
                redis.hset(key, Map.of("state", JobView.State.FAILED.apiName(), "error", describe(e),
                        "finished_at", String.valueOf(clock.millis())));
            } catch (RuntimeException again) {
                LOG.warning(() -> "Could not record the failure of job " + key + ": " + again);
            }
        }
    }

    /** What an operator is told of a failure: its kind and message, never a stack trace. */
    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": "
                + (message.length() > 300 ? message.substring(0, 300) + "…" : message));
    }

    /** The job, if there is one with that id (kept 7 days). */
    public Optional<JobView> find(String id) {
        if (id == null || !JOB_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Map<String, String> job = redis.hgetAll(JOB_PREFIX + id);
        if (job == null || job.isEmpty()) {
            return Optional.empty();
        }
        String state = job.get("state");
        if (JobView.State.RUNNING.apiName().equals(state)
                && clock.millis() - Long.parseLong(job.get("updated_at")) > SILENT_FOR.toMillis()) {
            state = JobView.State.ABANDONED.apiName();
        }
        return Optional.of(new JobView(id, job.get("kind"), job.get("target"), state, Long.parseLong(job.get("total")),
                Long.parseLong(job.get("queued")), job.get("by"), instant(job.get("started_at")),
                instant(job.get("finished_at")), job.get("error")));
    }

    private static Instant instant(String millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }
}
