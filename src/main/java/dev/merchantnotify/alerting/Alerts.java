package dev.merchantnotify.alerting;

import dev.merchantnotify.merchant.BreakerOpened;
import dev.merchantnotify.merchant.BreakerState;
import dev.merchantnotify.merchant.MerchantHealth;
import dev.merchantnotify.merchant.MerchantRegistry;
import dev.merchantnotify.merchant.MerchantSettings;
import dev.merchantnotify.merchant.MerchantTurnedSlow;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Raises the merchant alerts: a breaker that opened (at once; opening again after a failed probe, at most once per
 * {@code notify.alerting.merchant-circuit-breaker.repeat-seconds}), a merchant that turned slow (at most once per
 * {@code notify.alerting.slow-merchant.repeat-seconds} per merchant, across all nodes), and an operator's manual send.
 * Observing the merchant events costs the dispatch path no more than composing a text and one Redis call: {@link AlertSender} sends and stores on its own threads.
 */
@ApplicationScoped
public class Alerts {

    /** How long an operator's send-alert waits for the outcome before answering that the alert is on its way. */
    static final Duration MANUAL_WAIT = Duration.ofSeconds(20);

    private static final Logger LOG = Logger.getLogger(Alerts.class.getName());

    @Inject
    AlertSender sender;

    @Inject
    AlertSettings settings;

    @Inject
    MerchantSettings merchantSettings;

    @Inject
    MerchantRegistry registry;

    @Inject
    Clock clock;

    private AlertMessages messages;

    @PostConstruct
    void init() {
        messages = new AlertMessages(settings.language(), settings.zone());
    }

    void onBreakerOpened(@Observes BreakerOpened opened) {
        if (settings.enabled(AlertType.CIRCUIT_BREAKER)) {
            guarded(opened.merchantKey(), () -> announceBreaker(opened));
        }
    }

    void onTurnedSlow(@Observes MerchantTurnedSlow slow) {
        if (settings.enabled(AlertType.SLOW_MERCHANT)) {
            guarded(slow.merchantKey(), () -> announceSlow(slow));
        }
    }

    /** The events are fired on the dispatch path: an alert that cannot be raised is logged, never thrown there. */
    private static void guarded(String merchantKey, Runnable raise) {
        try {
            raise.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "merchant_key=" + merchantKey + ": the alert could not be raised: " + e);
        }
    }

    private void announceBreaker(BreakerOpened opened) {
        // A breaker that opens from closed is announced at once; one that opens again because its probe failed (every
        // open period while the merchant stays down) only once per period.
        Duration period = opened.afterFailedProbe() ? settings.breakerRepeat() : Duration.ZERO;
        if (registry.claimAlert(opened.merchantKey(), "breaker", period)) {
            Instant now = clock.instant();
            sender.send(new AlertDraft(now, AlertType.CIRCUIT_BREAKER, settings.level(AlertType.CIRCUIT_BREAKER),
                    "automatic", opened.merchantKey(), opened.notifyUrl(), messages.circuitBreaker(now,
                    opened.merchantKey(), opened.consecutiveFailures(), merchantSettings.openPeriod(), BreakerState.OPEN),
                    false));
        }
    }

    private void announceSlow(MerchantTurnedSlow slow) {
        if (!registry.claimAlert(slow.merchantKey(), "slow", settings.slowMerchantRepeat())) {
            LOG.fine(() -> "merchant_key=" + slow.merchantKey() + " turned slow again: already announced within "
                    + settings.slowMerchantRepeat());
            return;
        }
        Instant now = clock.instant();
        sender.send(new AlertDraft(now, AlertType.SLOW_MERCHANT, settings.level(AlertType.SLOW_MERCHANT), "automatic",
                slow.merchantKey(), slow.notifyUrl(), messages.slowMerchant(now, slow.merchantKey(),
                slow.meanResponseMillis(), merchantSettings.slowThresholdMillis(), true), false));
    }

    /** Sends an anomaly alert (or its recovery) when anomaly alerts are switched on. */
    public void raiseAnomaly(Anomaly anomaly) {
        if (!settings.enabled(AlertType.ANOMALY)) {
            return;
        }
        AlertLevel level = settings.level(AlertType.ANOMALY);
        sender.send(new AlertDraft(anomaly.at(), AlertType.ANOMALY, level, "automatic", anomaly.merchant(), null,
                messages.anomaly(anomaly, level), anomaly.recovered()));
    }

    /**
     * An operator's alert about one merchant, with its current figures; sent whatever the type's switch says.
     * Waits up to {@link #MANUAL_WAIT} for the outcome.
     *
     * @return the alert as stored, or empty when it is still being sent (it will be in the history)
     */
    public Optional<Alert> raiseMerchantAlert(AlertType type, MerchantHealth health, String notifyUrl,
                                              String operator) {
        if (!type.aboutMerchant()) {
            throw new IllegalArgumentException(type + " is not a merchant alert");
        }
        Instant now = clock.instant();
        String text = type == AlertType.CIRCUIT_BREAKER
                ? messages.circuitBreaker(now, health.merchantKey(), health.consecutiveFailures(),
                        merchantSettings.openPeriod(), health.breaker())
                : messages.slowMerchant(now, health.merchantKey(), health.meanResponseMillis(),
                        merchantSettings.slowThresholdMillis(), health.slow());
        AlertDraft draft = new AlertDraft(now, type, settings.level(type), "manual:" + operator, health.merchantKey(),
                notifyUrl, text, false);
        try {
            return Optional.of(sender.send(draft).toCompletableFuture().get(MANUAL_WAIT.toMillis(),
                    TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the alert could not be stored", e.getCause());
        }
    }

}
