package dev.merchantnotify.dispatch;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Back-off for a loop that talks to a shared dependency: after a failure it waits 100 ms, doubling up to 5 s, and it
 * logs once when an outage starts and once when it ends, not once per try.
 */
final class Backoff {

    private static final long FIRST_MILLIS = 100;
    private static final long MAX_MILLIS = 5_000;

    private final String what;
    private final Logger log;
    private long delayMillis;
    private long resumeAt;
    private long failingSince;

    Backoff(String what, Logger log) {
        this.what = what;
        this.log = log;
    }

    synchronized boolean waiting() {
        return System.currentTimeMillis() < resumeAt;
    }

    synchronized void failed(Exception error) {
        long now = System.currentTimeMillis();
        if (failingSince == 0) {
            failingSince = now;
            log.warning(what + " failed, retrying with back-off up to " + MAX_MILLIS + " ms: " + error);
            log.log(Level.FINE, what + " failure", error);
        }
        delayMillis = delayMillis == 0 ? FIRST_MILLIS : Math.min(MAX_MILLIS, delayMillis * 2);
        resumeAt = now + delayMillis;
    }

    synchronized void succeeded() {
        if (failingSince != 0) {
            long outage = System.currentTimeMillis() - failingSince;
            log.info(() -> what + " recovered after " + outage + " ms");
        }
        failingSince = 0;
        delayMillis = 0;
        resumeAt = 0;
    }
}
