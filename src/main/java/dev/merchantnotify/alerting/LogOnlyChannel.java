package dev.merchantnotify.alerting;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.logging.Logger;

/** The channel while none is configured: the alert goes to the server log and is stored as not sent. */
@ApplicationScoped
public class LogOnlyChannel implements AlertChannel {

    private static final Logger LOG = Logger.getLogger(LogOnlyChannel.class.getName());

    @Override
    public Outcome send(AlertLevel level, String text) {
        LOG.warning(() -> "ALERT (" + level.apiName() + ", not sent: no alert channel configured)\n" + text);
        return new Outcome(false, null, "not sent: no alert channel is configured; stored and logged only");
    }
}
