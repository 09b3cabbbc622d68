package dev.merchantnotify.dispatch;

import java.util.List;

/**
 * A batch of attempt outcomes has been written to the database (CDI event, fired once per batch on the node that made
 * the attempts, after the transaction committed). Monitoring counts them; nothing may block here, since the record loop
 * fires it.
 */
public record OutcomesRecorded(List<DeliveryOutcome> outcomes) {
}
