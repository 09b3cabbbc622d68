package dev.merchantnotify.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.merchantnotify.channel.Attempt;
import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.FailureKind;
import dev.merchantnotify.channel.Target;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import dev.merchantnotify.security.OutboundGuard;
import it.dev.merchantnotify.channel.MailServer;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SMTP exchange against a real SMTP server on loopback (SubEthaSMTP in this JVM): what it takes is delivered and
 * read back; its refusals (per recipient, temporary, of the message) become the shared failure kinds.
 */
class SmtpServerTest {

    private static ExecutorService senders;
    private MailServer mail;

    @BeforeAll
    static void threads() {
        senders = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stopThreads() {
        senders.shutdownNow();
    }

    @BeforeEach
    void startMail() {
        mail = MailServer.start();
    }

    @AfterEach
    void stopMail() {
        mail.close();
    }

    private SmtpServer server(int port, String allowed) {
        return new SmtpServer(new SmtpServerSettings("127.0.0.1", port, SmtpServerSettings.Security.NONE, null, null),
                OutboundGuard.allowing(allowed), new SmtpServer.Limits(1000, 2000), 2, senders);
    }

    private static Attempt attempt(long id, String payload) {
        return new Attempt(id, "BY-" + id, "order.paid", payload, 1, Instant.parse("2026-12-03T08:00:00Z"),
                new Target("0123456789abcdef", "email", "mailto:x", DeliveryFormat.JSON, null));
    }

    private static ChannelOutcome send(SmtpServer server, long id, List<String> to) throws Exception {
        EmailSettings.Parsed destination = new EmailSettings.Parsed(to, "en", EmailSettings.Format.BOTH,
                java.util.Map.of(), null, null);
        Attempt attempt = attempt(id, "{\"order_no\":\"BY-" + id + "\",\"amount\":\"9.90\",\"note\":\"<b>&\"}");
        EmailTemplates.Rendered email = EmailTemplates.render(attempt, destination, "en");
        CompletableFuture<ChannelOutcome> result = new CompletableFuture<ChannelOutcome>();
        server.send(new SmtpServer.Job(session -> EmailChannel.message(session, attempt, "Pay <notify@pay.example>",
                destination, email, "en"), to, result, Instant.now(), System.nanoTime()));
        return result.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aMessageTheServerTookIsDeliveredAndReadsBackAsRendered() throws Exception {
        SmtpServer server = server(mail.port(), "127.0.0.0/8");
        ChannelOutcome outcome = send(server, 1, List.of("ops@shop.example", "boss@shop.example"));
        assertTrue(outcome.success(), String.valueOf(outcome));
        assertEquals("250 taken for ops@shop.example, boss@shop.example", outcome.responseExcerpt());
        MailServer.Received got = mail.await("ops@shop.example", 1, Duration.ofSeconds(5)).get(0);
        assertEquals(List.of("ops@shop.example", "boss@shop.example"), got.recipients());
        assertEquals("notify@pay.example", got.from());
        assertEquals(outcome.providerRef(), got.message().getMessageID());
        assertEquals("Payment received for order BY-1", got.message().getSubject());
        assertEquals("1", got.message().getHeader("X-Notify-Id")[0]);
        assertEquals("msg_1", got.message().getHeader("webhook-id")[0]);
        MimeMultipart parts = (MimeMultipart) got.message().getContent();
        assertEquals(2, parts.getCount());
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertTrue(text.contains("Order BY-1 has been paid.") && text.contains("Amount: 9.90")
                && text.contains("note: <b>&"), text);
        assertTrue(html.contains("<td>9.90</td>") && html.contains("<td>&lt;b&gt;&amp;</td>"), html);
    }

    @Test
    void aRecipientRefusedForGoodIsNamedAndTheOthersStillGetIt() throws Exception {
        mail.refuse("gone@shop.example", 550, "5.1.1 <gone@shop.example>: user unknown");
        SmtpServer server = server(mail.port(), "127.0.0.0/8");
        ChannelOutcome partial = send(server, 2, List.of("ops@shop.example", "gone@shop.example"));
        assertTrue(partial.success(), String.valueOf(partial));
        assertTrue(partial.responseExcerpt().startsWith("250 taken for ops@shop.example; refused: gone@shop.example "
                + "(550 5.1.1"), partial.responseExcerpt());
        assertEquals(1, mail.await("ops@shop.example", 1, Duration.ofSeconds(5)).size());

        ChannelOutcome nobody = send(server, 3, List.of("gone@shop.example"));
        assertEquals(FailureKind.INVALID_RECIPIENT, nobody.failure(), String.valueOf(nobody));
        assertTrue(nobody.error().contains("gone@shop.example (550 5.1.1"), nobody.error());
        assertTrue(nobody.error().endsWith("fix the destination's recipients"), nobody.error());
    }

    @Test
    void aTemporaryRefusalIsThrottledAndTheNextTryGetsThrough() throws Exception {
        mail.refuse("busy@shop.example", 450, "4.2.1 mailbox busy, try later", 1);
        SmtpServer server = server(mail.port(), "127.0.0.0/8");
        ChannelOutcome first = send(server, 4, List.of("busy@shop.example"));
        assertEquals(FailureKind.THROTTLED, first.failure(), String.valueOf(first));
        assertTrue(first.error().contains("busy@shop.example (450 4.2.1 mailbox busy"), first.error());
        assertTrue(send(server, 4, List.of("busy@shop.example")).success());
        assertEquals(1, mail.receivedBy("busy@shop.example").size());
    }

    @Test
    void theMessageRefusedAtDataHasTheKindOfItsCode() throws Exception {
        SmtpServer server = server(mail.port(), "127.0.0.0/8");
        mail.refuseData(552, "5.3.4 message too big", 1);
        ChannelOutcome tooLarge = send(server, 5, List.of("ops@shop.example"));
        assertEquals(FailureKind.TOO_LARGE, tooLarge.failure(), String.valueOf(tooLarge));
        mail.refuseData(451, "4.3.0 local error", 1);
        assertEquals(FailureKind.THROTTLED, send(server, 6, List.of("ops@shop.example")).failure());
        mail.refuseData(554, "5.7.1 spam", 1);
        ChannelOutcome rejected = send(server, 7, List.of("ops@shop.example"));
        assertEquals(FailureKind.REJECTED, rejected.failure());
        assertTrue(rejected.error().contains("554 5.7.1 spam"), rejected.error());
        assertTrue(send(server, 8, List.of("ops@shop.example")).success());
        assertEquals(1, mail.receivedBy("ops@shop.example").size());
    }

    @Test
    void noServerIsConnectAndABlockedOneIsNeverTried() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ChannelOutcome refused = send(server(closed, "127.0.0.0/8"), 9, List.of("ops@shop.example"));
        assertEquals(FailureKind.CONNECT, refused.failure(), String.valueOf(refused));
        assertTrue(refused.error().startsWith("could not connect to the SMTP server smtp://127.0.0.1:" + closed),
                refused.error());

        ChannelOutcome blocked = send(server(mail.port(), ""), 10, List.of("ops@shop.example"));
        assertEquals(FailureKind.BLOCKED, blocked.failure(), String.valueOf(blocked));
        assertTrue(mail.received().isEmpty());
    }

    @Test
    void messagesThatWaitShareTheServersConnections() throws Exception {
        SmtpServer server = server(mail.port(), "127.0.0.0/8");
        List<CompletableFuture<ChannelOutcome>> all = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long id = 100 + i;
            all.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return send(server, id, List.of("many@shop.example"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<ChannelOutcome> one : all) {
            assertTrue(one.get(20, TimeUnit.SECONDS).success());
        }
        assertEquals(20, mail.receivedBy("many@shop.example").size());
    }
}
