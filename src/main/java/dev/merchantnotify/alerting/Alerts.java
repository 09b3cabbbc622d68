package dev.merchantnotify.alerting;

import dev.merchantnotify.merchant.MerchantHealth;
import dev.merchantnotify.merchant.MerchantSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/** Raises alerts: composes the text, sends it through the {@link AlertChannel}, and stores it, sent or not. */
@ApplicationScoped
public class Alerts {

    @PersistenceContext(unitName = "merchant-notify")
    EntityManager em;

    @Inject
    AlertChannel channel;

    @Inject
    MerchantSettings merchantSettings;

    @Inject
    Clock clock;

    /**
     * An alert about one merchant, with its current figures.
     *
     * @param origin {@code automatic}, or {@code manual:<operator>}
     */
    @Transactional
    public Alert raiseMerchantAlert(AlertType type, MerchantHealth health, String notifyUrl, String origin) {
        Instant now = clock.instant();
        String text = switch (type) {
            case CIRCUIT_BREAKER -> AlertMessages.circuitBreaker(now, health, merchantSettings.openPeriod());
            case SLOW_MERCHANT -> AlertMessages.slowMerchant(now, health, merchantSettings.slowThresholdMillis());
        };
        AlertChannel.Outcome outcome = channel.send(type.level(), text);
        Alert alert = new Alert(now, type, origin, health.merchantKey(), notifyUrl, text, outcome);
        em.persist(alert);
        return alert;
    }
}
