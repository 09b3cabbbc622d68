package it.dev.merchantnotify.channel;

import static it.dev.merchantnotify.NotifyApi.uniqueOrderNo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi.Answer;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code email} channel through the real server to a real SMTP server on loopback ({@link MailServer}): the test
 * server's deployment SMTP server is {@code it.smtp.port}, and a destination may name its own. Each email is read back
 * from the SMTP server: rendered subject and bodies in both languages, a destination's own templates; a 4xx retried
 * until taken, a recipient refused with 5xx failed without retries and named; a failover route that emails when the
 * callback URL is dead.
 */
class EmailIT extends AgainstServer {

    private static MailServer deploymentServer;
    private static MailServer ownServer;

    @BeforeAll
    static void startTheSmtpServers() {
        deploymentServer = MailServer.start(Integer.getInteger("it.smtp.port", 9325));
        ownServer = MailServer.start();
    }

    @AfterAll
    static void stopTheSmtpServers() {
        if (deploymentServer != null) {
            deploymentServer.close();
        }
        if (ownServer != null) {
            ownServer.close();
        }
    }

    private static String unique(String who) {
        return who + "-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.example";
    }

    private String newAccount() {
        String merchantNo = "EM-" + UUID.randomUUID().toString().substring(0, 8);
        Answer created = api.adminPost("accounts", "{\"merchant_no\":\"" + merchantNo + "\",\"name\":\"Mail shop\"}");
        assertEquals(201, created.status(), created.rawBody());
        return merchantNo;
    }

    private JsonObject destination(String merchantNo, String name, String settings) {
        Answer created = api.adminPost("accounts/" + merchantNo + "/destinations", "{\"name\":\"" + name
                + "\",\"type\":\"email\",\"settings\":" + settings + "}");
        assertEquals(201, created.status(), created.rawBody());
        return created.data();
    }

    private void route(String merchantNo, String strategy, String tiers) {
        Answer created = api.adminPost("accounts/" + merchantNo + "/routes", "{\"event_pattern\":\"*\",\"strategy\":\""
                + strategy + "\",\"tiers\":" + tiers + "}");
        assertEquals(201, created.status(), created.rawBody());
    }

    private long submit(String merchantNo, String orderNo, String event) {
        Answer answer = api.submit("{\"order_no\":\"" + orderNo + "\",\"merchant_no\":\"" + merchantNo
                + "\",\"event\":\"" + event + "\",\"payload\":{\"order_no\":\"" + orderNo
                + "\",\"amount\":\"99.00\",\"currency\":\"CNY\",\"note\":\"<b>VIP</b>\"}}");
        assertEquals(202, answer.status(), answer.rawBody());
        return answer.data().getJsonNumber("id").longValue();
    }

    /** A text part as sent: SMTP carries lines ending in CRLF. */
    private static String text(Object content) {
        return ((String) content).replace("\r\n", "\n");
    }

    private static JsonObject lastDelivery(JsonObject notification) {
        var deliveries = notification.getJsonArray("deliveries");
        return deliveries.getJsonObject(deliveries.size() - 1);
    }

    @Test
    void anEmailIsReadBackRenderedInEachLanguage() throws Exception {
        String merchantNo = newAccount();
        String chinese = unique("zh");
        String english = unique("en");
        destination(merchantNo, "zh", "{\"to\":\"" + chinese + "\"}");
        JsonObject en = destination(merchantNo, "en", "{\"to\":[\"" + english + "\"],\"language\":\"en\"}");
        assertEquals("mailto:" + english + " via smtp://127.0.0.1:" + Integer.getInteger("it.smtp.port", 9325),
                en.getString("address"));
        route(merchantNo, "broadcast", "[[{\"destination\":\"zh\",\"role\":\"required\"},"
                + "{\"destination\":\"en\",\"role\":\"required\"}]]");
        String orderNo = uniqueOrderNo("mail");
        long id = submit(merchantNo, orderNo, "order.paid");
        api.awaitStatus(id, "success", WAIT);

        MailServer.Received zh = deploymentServer.await(chinese, 1, Duration.ofSeconds(10)).get(0);
        assertEquals("订单 " + orderNo + " 已支付", zh.message().getSubject());
        assertEquals("notify@it.test", zh.from());
        assertEquals("zh-CN", zh.message().getHeader("Content-Language")[0]);
        MimeMultipart zhParts = (MimeMultipart) zh.message().getContent();
        String zhText = text(zhParts.getBodyPart(0).getContent());
        assertTrue(zhText.startsWith("订单 " + orderNo + " 已支付成功。\n\n详情:\n  订单号: " + orderNo
                + "\n  金额: 99.00\n  币种: CNY\n  note: <b>VIP</b>\n"), zhText);
        String zhHtml = text(zhParts.getBodyPart(1).getContent());
        assertTrue(zhParts.getBodyPart(1).isMimeType("text/html"), zhParts.getBodyPart(1).getContentType());
        assertTrue(zhHtml.contains("<th style=\"text-align:left;padding:2px 12px 2px 0\">金额</th><td>99.00</td>")
                && zhHtml.contains("<td>&lt;b&gt;VIP&lt;/b&gt;</td>"), zhHtml);

        MailServer.Received english1 = deploymentServer.await(english, 1, Duration.ofSeconds(10)).get(0);
        assertEquals("Payment received for order " + orderNo, english1.message().getSubject());
        String enText = text(((MimeMultipart) english1.message().getContent()).getBodyPart(0).getContent());
        assertTrue(enText.contains("Order " + orderNo + " has been paid.") && enText.contains("Amount: 99.00"),
                enText);

        // Each copy's attempt records the Message-ID the SMTP server got; X-Notify-Id names the notification.
        for (MailServer.Received received : List.of(zh, english1)) {
            JsonObject notification = api.notification(Long.parseLong(received.message().getHeader("X-Notify-Id")[0]));
            assertEquals("email", lastDelivery(notification).getString("channel"));
            assertEquals(received.message().getMessageID(), lastDelivery(notification).getString("provider_ref"));
        }
    }

    @Test
    void aDestinationsOwnServerAndTemplates() throws Exception {
        String merchantNo = newAccount();
        String to = unique("own");
        destination(merchantNo, "own", "{\"to\":\"" + to + "\",\"from\":\"Shop <pay@shop.example>\",\"smtp_host\":"
                + "\"127.0.0.1\",\"smtp_port\":" + ownServer.port() + ",\"smtp_security\":\"none\",\"templates\":{"
                + "\"order.paid\":{\"subject\":\"Paid: {order_no} ({payload.amount})\",\"html\":\"<p>{payload.note}"
                + "</p>\"},\"*\":{\"subject\":\"{event} {order_no}\",\"text\":\"Event {event}\"}}}");
        route(merchantNo, "single", "[[{\"destination\":\"own\"}]]");
        String orderNo = uniqueOrderNo("own");
        long paid = submit(merchantNo, orderNo, "order.paid");
        JsonObject delivered = api.awaitStatus(paid, "success", WAIT);
        MailServer.Received got = ownServer.await(to, 1, Duration.ofSeconds(10)).get(0);
        assertEquals("pay@shop.example", got.from());
        assertEquals("Paid: " + orderNo + " (99.00)", got.message().getSubject());
        assertTrue(got.message().isMimeType("text/html"), got.message().getContentType());
        assertEquals("<p>&lt;b&gt;VIP&lt;/b&gt;</p>", text(got.message().getContent()).strip());
        assertEquals(got.message().getMessageID(), lastDelivery(delivered).getString("provider_ref"));
        assertEquals("250 taken for " + to, lastDelivery(delivered).getString("response_excerpt"));
        assertTrue(deploymentServer.receivedBy(to).isEmpty());

        long closed = submit(merchantNo, orderNo, "order.closed");
        api.awaitStatus(closed, "success", WAIT);
        MailServer.Received other = ownServer.await(to, 2, Duration.ofSeconds(10)).get(1);
        assertEquals("order.closed " + orderNo, other.message().getSubject());
        assertEquals("Event order.closed", text(other.message().getContent()).strip());
    }

    @Test
    void aTemporaryRefusalIsRetriedAndARecipientRefusedForGoodFailsAtOnce() throws Exception {
        String merchantNo = newAccount();
        String busy = unique("busy");
        String gone = unique("gone");
        String ops = unique("ops");
        deploymentServer.refuse(busy, 451, "4.7.1 greylisted, try again later", 2);
        deploymentServer.refuse(gone, 550, "5.1.1 <" + gone + ">: user unknown");
        destination(merchantNo, "busy", "{\"to\":\"" + busy + "\"}");
        destination(merchantNo, "gone", "{\"to\":\"" + gone + "\"}");
        destination(merchantNo, "partly", "{\"to\":\"" + ops + "," + gone + "\"}");

        // 451 twice, then taken: three attempts, the first two throttled.
        route(merchantNo, "single", "[[{\"destination\":\"busy\"}]]");
        long retried = submit(merchantNo, uniqueOrderNo("busy"), "order.paid");
        JsonObject success = api.awaitStatus(retried, "success", WAIT);
        var attempts = success.getJsonArray("deliveries");
        assertEquals(3, attempts.size(), success.toString());
        assertEquals("throttled", attempts.getJsonObject(0).getString("error_kind"));
        assertTrue(attempts.getJsonObject(0).getString("error").contains("451 4.7.1 greylisted"),
                attempts.getJsonObject(0).toString());
        assertTrue(attempts.getJsonObject(2).getBoolean("success"));
        assertEquals(1, deploymentServer.receivedBy(busy).size());

        // 550 for the only recipient: failed at the first attempt, not retried, the server's reason kept.
        Answer changed = api.adminPut("accounts/" + merchantNo + "/routes/" + routeId(merchantNo),
                "{\"strategy\":\"single\",\"tiers\":[[{\"destination\":\"gone\"}]]}");
        assertEquals(200, changed.status(), changed.rawBody());
        long refused = submit(merchantNo, uniqueOrderNo("gone"), "order.paid");
        JsonObject failed = api.awaitStatus(refused, "failed", WAIT);
        assertEquals(1, failed.getJsonArray("deliveries").size(), failed.toString());
        assertEquals("invalid_recipient", lastDelivery(failed).getString("error_kind"));
        assertTrue(failed.getString("last_error").contains(gone + " (550 5.1.1"), failed.getString("last_error"));

        // One of two refused for good: delivered to the other, the refused one named in the answer.
        changed = api.adminPut("accounts/" + merchantNo + "/routes/" + routeId(merchantNo),
                "{\"strategy\":\"single\",\"tiers\":[[{\"destination\":\"partly\"}]]}");
        assertEquals(200, changed.status(), changed.rawBody());
        long partly = submit(merchantNo, uniqueOrderNo("partly"), "order.paid");
        JsonObject delivered = api.awaitStatus(partly, "success", WAIT);
        assertEquals(1, delivered.getJsonArray("deliveries").size());
        String answer = lastDelivery(delivered).getString("response_excerpt");
        assertTrue(answer.startsWith("250 taken for " + ops + "; refused: " + gone + " (550 5.1.1"), answer);
        assertEquals(1, deploymentServer.receivedBy(ops).size());
    }

    private long routeId(String merchantNo) {
        return api.admin("accounts/" + merchantNo).data().getJsonArray("routes").getJsonObject(0)
                .getJsonNumber("route_id").longValue();
    }

    @Test
    void aFailoverRouteEmailsWhenTheCallbackUrlIsDead() throws Exception {
        String merchantNo = newAccount();
        String ops = unique("failover");
        Answer http = api.adminPost("accounts/" + merchantNo + "/destinations", "{\"name\":\"callback\",\"type\":"
                + "\"http\",\"settings\":{\"url\":\"" + merchant.refusedUrl() + "\"}}");
        assertEquals(201, http.status(), http.rawBody());
        destination(merchantNo, "mail", "{\"to\":\"" + ops + "\",\"language\":\"en\"}");
        route(merchantNo, "failover", "[[{\"destination\":\"callback\"}],[{\"destination\":\"mail\"}]]");
        String orderNo = uniqueOrderNo("fo");
        long id = submit(merchantNo, orderNo, "order.paid");
        JsonObject delivered = api.awaitStatus(id, "success", WAIT);
        var attempts = delivered.getJsonArray("deliveries");
        assertEquals("http", attempts.getJsonObject(0).getString("channel"));
        assertEquals("connect", attempts.getJsonObject(0).getString("error_kind"));
        assertEquals("email", lastDelivery(delivered).getString("channel"));
        assertEquals("Payment received for order " + orderNo,
                deploymentServer.await(ops, 1, Duration.ofSeconds(10)).get(0).message().getSubject());
    }

    @Test
    void testSendsAndRefusalsSpeakTheEnvelope() throws Exception {
        String merchantNo = newAccount();
        String ops = unique("test");
        destination(merchantNo, "ops", "{\"to\":\"" + ops + "\"}");
        Answer test = api.adminPost("accounts/" + merchantNo + "/destinations/ops/test", "{}");
        assertEquals(200, test.status(), test.rawBody());
        assertTrue(test.data().getBoolean("success"), test.rawBody());
        assertEquals(1, deploymentServer.await(ops, 1, Duration.ofSeconds(10)).size());

        Answer bad = api.adminPost("accounts/" + merchantNo + "/destinations", "{\"name\":\"bad\",\"type\":\"email\","
                + "\"settings\":{\"to\":[\"" + ops + "\",\"not an address\"]}}");
        assertEquals(400, bad.status(), bad.rawBody());
        assertTrue(bad.rawBody().contains("settings.to[1] is not a usable address"), bad.rawBody());
        Answer blocked = api.adminPost("accounts/" + merchantNo + "/destinations", "{\"name\":\"bad\",\"type\":"
                + "\"email\",\"settings\":{\"to\":\"" + ops + "\",\"smtp_host\":\"::1\"}}");
        assertEquals(400, blocked.status(), blocked.rawBody());
        assertTrue(blocked.rawBody().contains("settings.smtp_host"), blocked.rawBody());
        assertEquals(404, api.admin("accounts/" + merchantNo + "/destinations/bad").status());

        // A server that does not answer: the test says connect, naming it.
        Answer down = api.adminPost("accounts/" + merchantNo + "/destinations", "{\"name\":\"down\",\"type\":"
                + "\"email\",\"settings\":{\"to\":\"" + ops + "\",\"smtp_host\":\"127.0.0.1\",\"smtp_port\":1,"
                + "\"smtp_security\":\"none\"}}");
        assertEquals(201, down.status(), down.rawBody());
        Answer failed = api.adminPost("accounts/" + merchantNo + "/destinations/down/test", "{}");
        assertFalse(failed.data().getBoolean("success"), failed.rawBody());
        assertEquals("connect", failed.data().getString("error_kind"), failed.rawBody());
        assertTrue(failed.data().getString("error").contains("smtp://127.0.0.1:1"), failed.rawBody());
    }
}
