package dev.merchantnotify.ingest;

import dev.merchantnotify.deliverylog.NotificationRef;
import java.util.Locale;

/** The answer to a submission: which notification it is and where it stands. */
public record AcceptedView(long id, String orderNo, String event, String merchantKey, String status) {

    static AcceptedView of(NotificationRef n) {
        return new AcceptedView(n.id(), n.orderNo(), n.event(), n.merchantKey(),
                n.status().name().toLowerCase(Locale.ROOT));
    }
}
