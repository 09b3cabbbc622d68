package dev.merchantnotify.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;

/** The clock every time decision uses, so that logic can be tested with a fixed one. */
@ApplicationScoped
public class ClockProducer {

    private static final Clock MILLISECOND_UTC = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));

    /** UTC, in whole milliseconds: the precision the API shows and every database stores. */
    @Produces
    public Clock clock() {
        return MILLISECOND_UTC;
    }
}
