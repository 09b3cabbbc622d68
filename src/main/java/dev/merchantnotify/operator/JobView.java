package dev.merchantnotify.operator;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.Locale;

/**
 * An operator's long change (a recovery, the release of a resumed merchant's backlog) as the admin API shows it.
 *
 * @param state   {@code running}, {@code done}, {@code failed} (see {@code error}), or {@code abandoned}: its node
 *                stopped before it finished (what it queued stays queued; running it again queues the rest)
 * @param total   the notifications it found to queue
 * @param queued  the notifications queued so far (those that moved on meanwhile are not queued again)
 */
@JsonbPropertyOrder({"jobId", "kind", "target", "state", "total", "queued", "startedBy", "startedAt", "finishedAt",
        "error"})
public record JobView(String jobId, String kind, String target, String state, long total, long queued,
                      String startedBy, Instant startedAt, Instant finishedAt, String error) {

    /** What a job is doing. */
    public enum State {
        RUNNING, DONE, FAILED, ABANDONED;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean finished() {
        return !State.RUNNING.apiName().equals(state);
    }
}
