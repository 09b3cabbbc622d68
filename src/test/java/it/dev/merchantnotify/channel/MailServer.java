package it.dev.merchantnotify.channel;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A real SMTP server on a loopback port, in the test JVM (SubEthaSMTP): it takes messages and hands each to the test,
 * parsed; a recipient can be refused for good (5xx) or for a number of times (4xx), and a message refused at
 * {@code DATA}. No mock of the protocol: the server under test talks SMTP to it.
 */
public final class MailServer implements AutoCloseable {

    /** One message the server took: the envelope and the message as sent. */
    public record Received(String from, List<String> recipients, byte[] raw, MimeMessage message) {
    }

    private record Refusal(int code, String reply, AtomicInteger times) {
    }

    private final SMTPServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
    private volatile Refusal dataRefusal;

    private MailServer(int port) {
        server = SMTPServer.port(port).bindAddress(InetAddress.getLoopbackAddress()).hostName("mail.it.test")
                .messageHandlerFactory(this::handler).build();
        server.start();
    }

    /** Starts a server on a free loopback port. */
    public static MailServer start() {
        return new MailServer(0);
    }

    /** Starts a server on {@code port} of the loopback address. */
    public static MailServer start(int port) {
        return new MailServer(port);
    }

    public int port() {
        return server.getPortAllocated();
    }

    /** {@code RCPT TO} for {@code address} is answered {@code code reply} from now on. */
    public void refuse(String address, int code, String reply) {
        refusals.put(address.toLowerCase(Locale.ROOT), new Refusal(code, reply, new AtomicInteger(Integer.MAX_VALUE)));
    }

    /** {@code RCPT TO} for {@code address} is answered {@code code reply} the next {@code times} times, then taken. */
    public void refuse(String address, int code, String reply, int times) {
        refusals.put(address.toLowerCase(Locale.ROOT), new Refusal(code, reply, new AtomicInteger(times)));
    }

    /** Every message's {@code DATA} is answered {@code code reply} the next {@code times} times. */
    public void refuseData(int code, String reply, int times) {
        dataRefusal = new Refusal(code, reply, new AtomicInteger(times));
    }

    /** The messages taken so far, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The messages taken for {@code recipient}. */
    public List<Received> receivedBy(String recipient) {
        return received.stream().filter(r -> r.recipients().stream().anyMatch(recipient::equalsIgnoreCase)).toList();
    }

    /** Waits until {@code recipient} got {@code count} messages, and returns them. */
    public List<Received> await(String recipient, int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            List<Received> got = receivedBy(recipient);
            if (got.size() >= count) {
                return got;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(recipient + " got " + receivedBy(recipient).size() + " message(s) in " + timeout
                + ", not " + count);
    }

    private MessageHandler handler(MessageContext context) {
        return new MessageHandler() {
            private String from;
            private final List<String> recipients = new ArrayList<>();

            @Override
            public void from(String sender) {
                from = sender;
            }

            @Override
            public void recipient(String recipient) throws RejectException {
                Refusal refusal = refusals.get(recipient.toLowerCase(Locale.ROOT));
                if (refusal != null && refusal.times().getAndDecrement() > 0) {
                    throw new RejectException(refusal.code(), refusal.reply());
                }
                recipients.add(recipient);
            }

            @Override
            public String data(InputStream data) throws RejectException, IOException {
                byte[] raw = data.readAllBytes();
                Refusal refusal = dataRefusal;
                if (refusal != null && refusal.times().getAndDecrement() > 0) {
                    throw new RejectException(refusal.code(), refusal.reply());
                }
                try {
                    MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                            new ByteArrayInputStream(raw));
                    received.add(new Received(from, List.copyOf(recipients), raw, message));
                } catch (jakarta.mail.MessagingException e) {
                    throw new RejectException(554, "unreadable message: " + e.getMessage());
                }
                return null;
            }

            @Override
            public void done() {
            }
        };
    }

    @Override
    public void close() {
        server.stop();
    }
}
