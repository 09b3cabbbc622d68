package dev.merchantnotify.ingest;

import dev.merchantnotify.deliverylog.Notification;
import java.util.Locale;

/** The answer to a submission: which notification it is and where it stands. */
public record AcceptedView(long id, String orderNo, String event, String merchantKey, String status) {

    static AcceptedView of(Notification n) {
        return new AcceptedView(n.getId(), n.getOrderNo(), n.getEvent(), n.getMerchantKey(),
                n.getStatus().name().toLowerCase(Locale.ROOT));
    }
}
