package dev.merchantnotify.channel.sms;

import dev.merchantnotify.deliverylog.ReceiptState;
import dev.merchantnotify.deliverylog.Receipts;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * Where SMS acceptances and receipts are recorded: the numbers a provider accepted wait for their receipts
 * ({@link Receipts#awaiting}); each receipt, from a provider's callback or the SMSC's {@code deliver_sm}, confirms its
 * number or says it was not delivered, and is counted in {@code notify_sms_receipts_total{provider,state}}.
 */
@ApplicationScoped
public class SmsReceipts {

    private static final Logger LOG = Logger.getLogger(SmsReceipts.class.getName());

    @Inject
    Receipts receipts;

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    private Metadata counted;

    @PostConstruct
    void init() {
        counted = metadata("notify.sms.receipts",
                "SMS delivery receipts by provider and what they said: confirmed, undelivered");
        for (SmsSettings.Provider provider : SmsSettings.Provider.values()) {
            for (ReceiptState state : List.of(ReceiptState.CONFIRMED, ReceiptState.UNDELIVERED)) {
                registry.counter(counted, new Tag("provider", provider.apiName()), new Tag("state", state.apiName()));
            }
        }
    }

    private static Metadata metadata(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).build();
    }

    /** The numbers a provider accepted for an attempt, awaiting their receipts (a test send's are not recorded). */
    void accepted(SmsSettings.Provider provider, long notificationId, int attemptNo, Instant at,
                  List<NumberResult> results) {
        if (notificationId <= 0) {
            return;
        }
        List<Receipts.Accepted> accepted = results.stream().filter(r -> r.isAccepted() && r.ref() != null)
                .map(r -> new Receipts.Accepted(r.ref(), r.number())).toList();
        if (!accepted.isEmpty()) {
            receipts.awaiting(provider.apiName(), notificationId, attemptNo, at, accepted);
        }
    }

    /** A receipt: the message to {@code recipient} (E.164) with this reference was delivered, or not. */
    public void received(SmsSettings.Provider provider, String reference, String recipient, ReceiptState state,
                         String reason, Instant at) {
        boolean matched = receipts.record(provider.apiName(), reference, recipient, state, reason, at);
        registry.counter(counted, new Tag("provider", provider.apiName()), new Tag("state", state.apiName())).inc();
        LOG.fine(() -> provider.apiName() + " receipt for " + reference + " to " + recipient + ": " + state.apiName()
                + (reason == null ? "" : " (" + reason + ")") + (matched ? "" : " (its acceptance is not recorded yet)"));
    }

    /** A number as a receipt gives it, in E.164: with its country code, or a mainland China mobile without it. */
    static String e164(String digits, String countryCode) {
        String number = digits.strip();
        if (number.startsWith("+")) {
            return number;
        }
        if (countryCode != null && !countryCode.isBlank()) {
            return "+" + countryCode.strip() + number;
        }
        return number.length() == 11 && number.startsWith("1") ? "+86" + number : "+" + number;
    }
}
