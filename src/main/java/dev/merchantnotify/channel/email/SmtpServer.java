package dev.merchantnotify.channel.email;

import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.security.BlockedAddressException;
import dev.merchantnotify.security.OutboundGuard;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One SMTP server (with one set of credentials) as this node sends to it: messages wait in a queue, and up to
 * {@code connections} senders each hold one connection and send what waits, one message after the other, on the same
 * connection; a sender closes its connection ({@code QUIT}) and ends when nothing waits. SMTP answers one transaction
 * at a time per connection, so a sender's thread waits for the server: threads are bounded by the connections, not
 * by the attempts. A message still waiting when its attempt's deadline passed is never sent.
 */
final class SmtpServer {

    private static final Logger LOG = Logger.getLogger(SmtpServer.class.getName());

    /** The timeouts every exchange keeps, from the attempt limits. */
    record Limits(long connectMillis, long requestMillis) {
    }

    /** One message to send. */
    record Job(Function<Session, MimeMessage> message, List<String> recipients,
               CompletableFuture<ChannelOutcome> result, Instant startedAt, long start) {
    }

    private final SmtpServerSettings settings;
    private final OutboundGuard guard;
    private final Limits limits;
    private final int connections;
    private final ExecutorService senders;
    private final Session session;
    private final Queue<Job> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();

    SmtpServer(SmtpServerSettings settings, OutboundGuard guard, Limits limits, int connections,
               ExecutorService senders) {
        this.settings = settings;
        this.guard = guard;
        this.limits = limits;
        this.connections = connections;
        this.senders = senders;
        this.session = Session.getInstance(properties(settings, limits));
    }

    /** Queues a message; its result completes once the server answered (or the attempt's deadline passed). */
    void send(Job job) {
        waiting.add(job);
        startSender();
    }

    private void startSender() {
        while (!waiting.isEmpty()) {
            int now = running.get();
            if (now >= connections) {
                return;
            }
            if (running.compareAndSet(now, now + 1)) {
                try {
                    senders.execute(this::sendWhatWaits);
                } catch (RejectedExecutionException stopping) {
                    running.decrementAndGet();
                    Job job;
                    while ((job = waiting.poll()) != null) {
                        job.result().complete(ChannelOutcome.failed(job.startedAt(), 0, FailureKind.NETWORK,
                                "the server is stopping"));
                    }
                }
                return;
            }
        }
    }

    private void sendWhatWaits() {
        Transport transport = null;
        try {
            Job job;
            while ((job = waiting.poll()) != null) {
                if (job.result().isDone()) {
                    continue; // its deadline passed while it waited: never sent
                }
                transport = sendOne(transport, job);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "An email sender to " + settings.shown() + " failed", e);
        } finally {
            close(transport);
            running.decrementAndGet();
            startSender(); // a message queued after the last poll and before the count went down
        }
    }

    /** Sends one message on {@code transport} (connecting first if it is not open); returns the connection to reuse. */
    private Transport sendOne(Transport open, Job job) {
        Transport transport = open;
        if (transport != null && !transport.isConnected()) {
            close(transport);
            transport = null;
        }
        if (transport == null) {
            try {
                transport = connect();
            } catch (BlockedAddressException e) {
                job.result().complete(ChannelOutcome.failed(job.startedAt(), elapsed(job), FailureKind.BLOCKED,
                        "the SMTP server " + settings.shown() + " is not a permitted address: " + e.getMessage()));
                return null;
            } catch (UnknownHostException e) {
                job.result().complete(ChannelOutcome.failed(job.startedAt(), elapsed(job), FailureKind.CONNECT,
                        "the SMTP server's name " + settings.host() + " does not resolve"));
                return null;
            } catch (MessagingException e) {
                job.result().complete(SmtpFailures.ofConnect(e, settings, job.startedAt(), elapsed(job),
                        limits.connectMillis()));
                return null;
            }
        }
        if (job.result().isDone()) {
            return transport; // connecting took its time
        }
        MimeMessage message;
        Address[] to;
        try {
            message = job.message().apply(session);
            to = new Address[job.recipients().size()];
            for (int i = 0; i < to.length; i++) {
                to[i] = new InternetAddress(job.recipients().get(i));
            }
        } catch (MessagingException | RuntimeException e) {
            job.result().complete(ChannelOutcome.failed(job.startedAt(), elapsed(job), FailureKind.REJECTED,
                    "the email could not be built: " + ChannelOutcome.quote(e)));
            return transport;
        }
        try {
            transport.sendMessage(message, to);
            job.result().complete(ChannelOutcome.delivered(job.startedAt(), elapsed(job))
                    .answered(null, "250 taken for " + String.join(", ", job.recipients()))
                    .providerRef(messageId(message)));
            return transport;
        } catch (MessagingException e) {
            SmtpFailures.Judged judged = SmtpFailures.ofSend(e, job.recipients(), settings, job.startedAt(),
                    elapsed(job), limits.requestMillis());
            ChannelOutcome outcome = judged.outcome();
            job.result().complete(outcome.success() ? outcome.providerRef(messageId(message)) : outcome);
            if (judged.connectionUsable()) {
                return transport;
            }
            close(transport);
            return null;
        }
    }

    private Transport connect() throws MessagingException, UnknownHostException, BlockedAddressException {
        List<InetAddress> permitted = guard.resolve(settings.host());
        // With TLS the certificate names the host: connect by the name (the JVM's lookup cache gives the answer just
        // vetted); without, to the vetted address itself.
        String host = settings.security() == SmtpServerSettings.Security.NONE
                ? permitted.get(0).getHostAddress() : settings.host();
        Transport transport = session.getTransport(settings.security() == SmtpServerSettings.Security.TLS
                ? "smtps" : "smtp");
        transport.connect(host, settings.port(), settings.username(),
                settings.username() == null ? null : settings.password() == null ? "" : settings.password());
        return transport;
    }

    private static String messageId(MimeMessage message) {
        try {
            return message.getMessageID();
        } catch (MessagingException e) {
            return null;
        }
    }

    private void close(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException | RuntimeException e) {
                LOG.log(Level.FINE, "Closing a connection to " + settings.shown() + " failed", e);
            }
        }
    }

    private static long elapsed(Job job) {
        return (System.nanoTime() - job.start()) / 1_000_000;
    }

    /** The session's properties: timeouts from the attempt limits, TLS as the settings say, partial sends allowed. */
    static Properties properties(SmtpServerSettings settings, Limits limits) {
        Properties properties = new Properties();
        for (String protocol : List.of("smtp", "smtps")) {
            String prefix = "mail." + protocol + ".";
            properties.put(prefix + "connectiontimeout", String.valueOf(limits.connectMillis()));
            properties.put(prefix + "timeout", String.valueOf(limits.requestMillis()));
            properties.put(prefix + "writetimeout", String.valueOf(limits.requestMillis()));
            properties.put(prefix + "auth", String.valueOf(settings.username() != null));
            // A refused recipient does not stop the others; the exception then says who took it and who did not.
            properties.put(prefix + "sendpartial", "true");
            properties.put(prefix + "quitwait", "false");
            properties.put(prefix + "ssl.checkserveridentity", "true");
        }
        if (settings.security() == SmtpServerSettings.Security.STARTTLS) {
            properties.put("mail.smtp.starttls.enable", "true");
            properties.put("mail.smtp.starttls.required", "true");
        }
        return properties;
    }
}
