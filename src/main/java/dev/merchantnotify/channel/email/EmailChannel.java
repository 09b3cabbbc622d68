package dev.merchantnotify.channel.email;

import dev.merchantnotify.channel.Attempt;
import dev.merchantnotify.channel.AttemptLimits;
import dev.merchantnotify.channel.Channel;
import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.ChannelThreads;
import dev.merchantnotify.channel.CheckedSettings;
import dev.merchantnotify.channel.Envelope;
import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.channel.PerDestination;
import dev.merchantnotify.channel.Target;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import dev.merchantnotify.security.OutboundGuard;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The {@code email} channel: renders each attempt's email from the destination's template for its event (or the
 * built-in one of its language, {@link EmailTemplates}) and sends it to the destination's recipients through its SMTP
 * server ({@link SmtpServer}: the deployment's, {@code notify.email.smtp-*}, or the destination's own). Delivered when
 * the server answered 250 to the message; its {@code Message-ID} is the attempt's provider reference. Settings:
 * {@link EmailSettings}.
 *
 * <p>Every message carries {@code X-Notify-Id} and the Standard Webhooks {@code webhook-id} of the notification (the
 * same on every attempt), so a mailbox rule or a reader can tell a repeat.
 */
@ApplicationScoped
public class EmailChannel implements Channel {

    /** The destination type. */
    public static final String TYPE = "email";

    @Inject
    AttemptLimits limits;

    @Inject
    OutboundGuard guard;

    @Inject
    EmailDeployment deployment;

    @Inject
    ChannelThreads threads;

    @Inject
    Clock clock;

    /** The servers this node sends to, by connection key (server and credentials): shared by their destinations. */
    private final Map<String, SmtpServer> servers = new ConcurrentHashMap<>();
    /** Each destination's settings read once per version (its templates parsed). */
    private final PerDestination<EmailSettings.Parsed> destinations =
            new PerDestination<>((key, settings) -> EmailSettings.parse(settings), parsed -> { });
    private ThreadPoolExecutor senders;

    @PreDestroy
    synchronized void stop() {
        if (senders != null) {
            senders.shutdownNow();
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public CheckedSettings check(JsonObject settings, JsonObject storedSecrets) {
        return EmailSettings.check(settings, storedSecrets, guard, deployment);
    }

    @Override
    public Target target(String key, JsonObject settings, JsonObject secrets) {
        JsonObject merged = Target.withSecrets(settings, secrets);
        EmailSettings.Parsed parsed = EmailSettings.parse(merged);
        SmtpServerSettings server = parsed.server() != null ? parsed.server() : deployment.server();
        String address = "mailto:" + String.join(",", parsed.to()) + " via "
                + (server == null ? "(no SMTP server)" : server.shown());
        return new Target(key, TYPE, address, DeliveryFormat.JSON, merged);
    }

    @Override
    public CompletableFuture<ChannelOutcome> send(Attempt attempt) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        long deadlineMillis = limits.attemptDeadline().toMillis();
        EmailSettings.Parsed destination;
        try {
            destination = destinations.of(attempt.target());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(ChannelOutcome.failed(startedAt, 0, FailureKind.REJECTED,
                    "the destination's settings cannot be read: " + ChannelOutcome.quote(e)));
        }
        SmtpServerSettings serverSettings = destination.server() != null ? destination.server() : deployment.server();
        String from = destination.from() != null ? destination.from() : deployment.from();
        if (serverSettings == null || from == null) {
            return CompletableFuture.completedFuture(ChannelOutcome.failed(startedAt, 0, FailureKind.CONNECT,
                    (serverSettings == null ? "no SMTP server is configured: set notify.email.smtp-host"
                    : "no sender is configured: set notify.email.from") + " or the destination's own"));
        }
        String language = destination.language() != null ? destination.language() : deployment.language();
        EmailTemplates.Rendered email = EmailTemplates.render(attempt, destination, language);
        CompletableFuture<ChannelOutcome> result = new CompletableFuture<ChannelOutcome>().completeOnTimeout(
                ChannelOutcome.failed(startedAt, deadlineMillis, FailureKind.TIMEOUT, "no answer from the SMTP "
                        + "server " + serverSettings.shown() + " within " + deadlineMillis + " ms"),
                deadlineMillis, TimeUnit.MILLISECONDS);
        server(serverSettings).send(new SmtpServer.Job(session -> message(session, attempt, from, destination,
                email, language), destination.to(), result, startedAt, start));
        return result;
    }

    private SmtpServer server(SmtpServerSettings settings) {
        return servers.computeIfAbsent(settings.connectionKey(), key -> new SmtpServer(settings, guard,
                new SmtpServer.Limits(limits.connectTimeout().toMillis(), limits.requestTimeout().toMillis()),
                deployment.connectionsPerServer(), senders()));
    }

    /**
     * The threads that hold SMTP connections: one per open connection (at most
     * {@code notify.email.connections-per-server} per server), ended a minute after their last message.
     */
    private synchronized ThreadPoolExecutor senders() {
        if (senders == null) {
            senders = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    threads.factory());
        }
        return senders;
    }

    static MimeMessage message(Session session, Attempt attempt, String from, EmailSettings.Parsed destination,
                                       EmailTemplates.Rendered email, String language) {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(from, true));
            for (String to : destination.to()) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            }
            message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            message.setHeader("Content-Language", language.equals("zh") ? "zh-CN" : "en");
            message.setHeader("X-Notify-Id", String.valueOf(attempt.notificationId()));
            message.setHeader("X-Notify-Attempt", String.valueOf(attempt.attemptNo()));
            message.setHeader(Envelope.WEBHOOK_ID, Envelope.webhookId(attempt.notificationId()));
            if (email.text() != null && email.html() != null) {
                MimeBodyPart text = new MimeBodyPart();
                text.setText(email.text(), StandardCharsets.UTF_8.name(), "plain");
                MimeBodyPart html = new MimeBodyPart();
                html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
                message.setContent(new MimeMultipart("alternative", text, html));
            } else if (email.html() != null) {
                message.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
            } else {
                message.setText(email.text(), StandardCharsets.UTF_8.name(), "plain");
            }
            message.saveChanges(); // sets the Message-ID the attempt records
            return message;
        } catch (MessagingException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Forgets the servers no current destination (nor the deployment) sends to; their senders end when idle. */
    @Override
    public void retainOnly(Collection<Target> current) {
        destinations.retainOnly(current);
        Set<String> used = new HashSet<>();
        if (deployment.server() != null) {
            used.add(deployment.server().connectionKey());
        }
        for (Target target : current) {
            try {
                SmtpServerSettings server = destinations.of(target).server();
                if (server != null) {
                    used.add(server.connectionKey());
                }
            } catch (RuntimeException unreadable) {
                // its attempts fail as they come, saying why
            }
        }
        servers.keySet().retainAll(used);
    }
}
