package dev.merchantnotify.operator;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The {@code notify.operator.*} settings, checked when the bean is created. */
@ApplicationScoped
public class OperatorSettings {

    @Inject
    @ConfigProperty(name = "notify.operator.job-wait-seconds")
    int jobWaitSeconds;

    @Inject
    @ConfigProperty(name = "notify.operator.batch-size")
    int batchSize;

    @PostConstruct
    void validate() {
        if (jobWaitSeconds < 0 || jobWaitSeconds > 60) {
            throw new IllegalStateException("Invalid setting notify.operator.job-wait-seconds=" + jobWaitSeconds
                    + ": it must be between 0 and 60");
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalStateException("Invalid setting notify.operator.batch-size=" + batchSize
                    + ": it must be between 1 and 10000");
        }
    }

    /** How long a request that starts a long change (recover, resume) waits for it before answering with its job. */
    public Duration jobWait() {
        return Duration.ofSeconds(jobWaitSeconds);
    }

    /** Notifications per transaction (and per Redis command) of a long change. */
    public int batchSize() {
        return batchSize;
    }
}
