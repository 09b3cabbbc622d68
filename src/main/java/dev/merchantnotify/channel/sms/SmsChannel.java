package dev.merchantnotify.channel.sms;

import dev.merchantnotify.channel.Attempt;
import dev.merchantnotify.channel.AttemptLimits;
import dev.merchantnotify.channel.Channel;
import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.ChannelThreads;
import dev.merchantnotify.channel.CheckedSettings;
import dev.merchantnotify.channel.DestinationOwners;
import dev.merchantnotify.channel.EventTexts;
import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.channel.KeyTemplate;
import dev.merchantnotify.channel.PerDestination;
import dev.merchantnotify.channel.Target;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import dev.merchantnotify.deliverylog.ReceiptState;
import dev.merchantnotify.security.OutboundGuard;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.UnifiedJedis;

/**
 * The {@code sms} channel: texts a destination's phone numbers through the provider it names, with the platform's
 * account there ({@link SmsDeployment}): Aliyun ({@link AliyunSms}), Tencent Cloud ({@link TencentSms}), Twilio
 * ({@link TwilioSms}) or a carrier's SMSC over SMPP ({@link SmppGateway}). The attempt is delivered when the provider accepted the message (its code, and its references
 * per number as the provider reference); its refusals are mapped to the shared kinds ({@link SmsResults}).
 *
 * <p>Before anything is sent, the account's daily cap is reserved in Redis ({@link DailyCap}): a reached cap is
 * {@code daily_cap}, not retried. Providers' keys are only ever in the signed requests: never in an error, the log or
 * the API.
 */
@ApplicationScoped
public class SmsChannel implements Channel {

    /** The destination type. */
    public static final String TYPE = "sms";
    private static final Logger LOG = Logger.getLogger(SmsChannel.class.getName());

    @Inject
    AttemptLimits limits;

    @Inject
    OutboundGuard guard;

    @Inject
    SmsDeployment deployment;

    @Inject
    ChannelThreads threads;

    @Inject
    Clock clock;

    @Inject
    UnifiedJedis redis;

    @Inject
    DestinationOwners owners;

    @Inject
    SmsReceipts receipts;

    private final PerDestination<SmsSettings.Parsed> destinations =
            new PerDestination<>((key, settings) -> SmsSettings.parse(settings), parsed -> { });
    private ProviderHttp http;
    private SmppGateway smpp;
    private Map<SmsSettings.Provider, SmsProvider> providers;
    private DailyCap cap;

    /** The providers, made on first use (their client's threads come from the managed factory). */
    private synchronized Map<SmsSettings.Provider, SmsProvider> providers() {
        if (providers == null) {
            http = new ProviderHttp(guard, threads.factory(), limits.ioThreads(), limits.connectTimeout().toMillis(),
                    limits.attemptDeadline().toMillis());
            Map<SmsSettings.Provider, SmsProvider> made = new EnumMap<>(SmsSettings.Provider.class);
            deployment.aliyun().ifPresent(account -> made.put(SmsSettings.Provider.ALIYUN,
                    new AliyunSms(account, http, clock)));
            deployment.tencent().ifPresent(account -> made.put(SmsSettings.Provider.TENCENT,
                    new TencentSms(account, deployment.tencentRegion(), http, clock)));
            deployment.twilio().ifPresent(account -> made.put(SmsSettings.Provider.TWILIO,
                    new TwilioSms(account, deployment.callbackBaseUrl() == null ? null
                            : deployment.callbackBaseUrl() + SmsReceiptResource.TWILIO_PATH, http)));
            deployment.smpp().ifPresent(settings -> {
                smpp = new SmppGateway(settings, guard, threads.factory(), limits.connectTimeout().toMillis(),
                        limits.requestTimeout().toMillis(), this::smppReceipt);
                made.put(SmsSettings.Provider.SMPP, smpp);
            });
            cap = new DailyCap(redis, deployment.dailyCap(), deployment.capZone());
            providers = made;
        }
        return providers;
    }

    @PreDestroy
    synchronized void stop() {
        if (http != null) {
            http.stop();
        }
        if (smpp != null) {
            smpp.stop();
        }
    }

    /** An SMSC's receipt: {@code DELIVRD} confirms; {@code ACCEPTD} and {@code ENROUTE} say nothing yet; others deny. */
    private void smppReceipt(SmppGateway.Receipt receipt) {
        String state = receipt.state();
        if (state.equals("ACCEPTD") || state.equals("ENROUTE")) {
            return;
        }
        try {
            receipts.received(SmsSettings.Provider.SMPP, receipt.messageId(), receipt.recipient(),
                    state.equals("DELIVRD") ? ReceiptState.CONFIRMED : ReceiptState.UNDELIVERED,
                    state + (receipt.error() == null ? "" : " err:" + receipt.error()), clock.instant());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An SMSC receipt for message {0} could not be recorded: {1}",
                    new Object[] {receipt.messageId(), e.toString()});
        }
    }

    /** The providers the deployment has an account at. */
    Set<SmsSettings.Provider> configured() {
        Set<SmsSettings.Provider> configured = EnumSet.noneOf(SmsSettings.Provider.class);
        deployment.aliyun().ifPresent(account -> configured.add(SmsSettings.Provider.ALIYUN));
        deployment.tencent().ifPresent(account -> configured.add(SmsSettings.Provider.TENCENT));
        deployment.twilio().ifPresent(account -> configured.add(SmsSettings.Provider.TWILIO));
        deployment.smpp().ifPresent(settings -> configured.add(SmsSettings.Provider.SMPP));
        return configured;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckedSettings check(JsonObject settings, JsonObject storedSecrets) {
        return SmsSettings.check(settings, configured());
    }

    @Override
    public Target target(String key, JsonObject settings, JsonObject secrets) {
        SmsSettings.Parsed parsed = SmsSettings.parse(settings);
        return new Target(key, TYPE, SmsSettings.address(parsed.provider(), parsed.to()), DeliveryFormat.JSON,
                settings);
    }

    @Override
    public CompletableFuture<ChannelOutcome> send(Attempt attempt) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        SmsSettings.Parsed destination;
        SmsProvider provider;
        SmsMessage message;
        try {
            destination = destinations.of(attempt.target());
            provider = providers().get(destination.provider());
            message = render(attempt, destination);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ChannelOutcome.failed(startedAt, 0, FailureKind.REJECTED,
                    "the SMS could not be made: " + ChannelOutcome.quote(e)));
        }
        if (provider == null) {
            return CompletableFuture.completedFuture(ChannelOutcome.failed(startedAt, 0, FailureKind.AUTH,
                    "the deployment has no account at " + destination.provider().apiName() + " any more: set its "
                    + "notify.sms." + destination.provider().apiName() + ".* keys, or change the destination's provider"));
        }
        long deadlineMillis = limits.attemptDeadline().toMillis();
        CompletableFuture<ChannelOutcome> result = new CompletableFuture<ChannelOutcome>().completeOnTimeout(
                ChannelOutcome.failed(startedAt, deadlineMillis, FailureKind.TIMEOUT, "no answer from "
                        + destination.provider().apiName() + " within " + deadlineMillis + " ms"),
                deadlineMillis, TimeUnit.MILLISECONDS);
        try {
            threads.work().execute(() -> reserveAndSend(attempt, provider, message, result, startedAt, start));
        } catch (RejectedExecutionException stopping) {
            result.complete(ChannelOutcome.failed(startedAt, 0, FailureKind.NETWORK, "the server is stopping"));
        }
        return result;
    }

    private void reserveAndSend(Attempt attempt, SmsProvider provider, SmsMessage message,
                                CompletableFuture<ChannelOutcome> result, Instant startedAt, long start) {
        if (result.isDone()) {
            return;
        }
        String owner = owners.ownerOf(attempt.target().key()).orElse("destination-" + attempt.target().key());
        String capKey = cap.key(owner, startedAt);
        int messages = message.to().size();
        try {
            if (cap.reserve(capKey, messages) < 0) {
                result.complete(ChannelOutcome.failed(startedAt, elapsed(start), FailureKind.DAILY_CAP, "account "
                        + owner + " has used its " + cap.cap() + " SMS for " + capKey.substring(capKey.lastIndexOf(':')
                        + 1) + " (notify.sms.daily-cap): nothing sent"));
                return;
            }
        } catch (RuntimeException e) {
            result.complete(ChannelOutcome.failed(startedAt, elapsed(start), FailureKind.CONNECT, "the day's SMS count "
                    + "could not be read from Redis, so nothing was sent: " + ChannelOutcome.quote(e)));
            return;
        }
        provider.send(message).whenCompleteAsync((results, error) -> {
            int unaccepted = results == null ? messages
                    : (int) results.stream().filter(r -> !r.isAccepted()).count();
            if (unaccepted > 0) {
                try {
                    cap.release(capKey, unaccepted);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "{0} SMS not accepted could not be given back to {1}: {2}",
                            new Object[] {unaccepted, capKey, e.toString()});
                }
            }
            if (results != null && unaccepted < messages) {
                try {
                    receipts.accepted(provider.name(), attempt.notificationId(), attempt.attemptNo(), clock.instant(),
                            results);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "The accepted SMS of notification {0} are not awaiting receipts: {1}",
                            new Object[] {attempt.notificationId(), e.toString()});
                }
            }
            result.complete(results != null ? SmsResults.outcome(results, startedAt, elapsed(start))
                    : ChannelOutcome.failed(startedAt, elapsed(start), FailureKind.NETWORK, "the provider's answer "
                    + "could not be read: " + ChannelOutcome.quote(error)));
        }, threads.work());
    }

    /** The message of one attempt: the destination's template for the event (or {@code *}), else the built-in text. */
    SmsMessage render(Attempt attempt, SmsSettings.Parsed destination) {
        SmsSettings.Template template = destination.templateOf(attempt.event());
        String language = destination.language() != null ? destination.language() : deployment.language();
        if (destination.provider().registeredTemplates()) {
            Map<String, String> named = new LinkedHashMap<>();
            template.named().forEach((name, value) -> named.put(name, value.render(attempt)));
            List<String> positional = template.positional().stream().map(value -> value.render(attempt)).toList();
            return new SmsMessage(destination.to(), destination.signName(), template.id(), named, positional, null,
                    attempt.notificationId());
        }
        KeyTemplate text = template != null ? template.text() : EventTexts.sentence(language, attempt.event());
        return new SmsMessage(destination.to(), destination.signName(), null, Map.of(), List.of(),
                text.render(attempt), attempt.notificationId());
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void retainOnly(Collection<Target> current) {
        destinations.retainOnly(current);
    }
}
