package it.dev.merchantnotify.channel;

import static it.dev.merchantnotify.NotifyApi.await;
import static it.dev.merchantnotify.NotifyApi.uniqueOrderNo;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi.Answer;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The {@code websocket} channel through the real server with the JDK's WebSocket client as the merchant: a signed
 * handshake, notifications pushed as frames whose signature verifies, delivered only when acknowledged; a merchant
 * that never acknowledges retried and then failed; a negative ack; no session open; wrong, old and replayed
 * handshakes refused with their reason.
 */
class WebSocketIT extends AgainstServer {

    private static final int PORT = Integer.getInteger("it.http.port", 9181);
    private static final Duration FRAME_WAIT = Duration.ofSeconds(15);

    /** A merchant account with a websocket destination "pos", a secret for it, and a route to it. */
    private record Shop(String merchantNo, String secret) {
    }

    private Shop shop() {
        String merchantNo = "WS-" + UUID.randomUUID().toString().substring(0, 8);
        Answer account = api.adminPost("accounts", "{\"merchant_no\":\"" + merchantNo + "\",\"name\":\"Till\"}");
        assertEquals(201, account.status(), account.rawBody());
        Answer destination = api.adminPost("accounts/" + merchantNo + "/destinations",
                "{\"name\":\"pos\",\"type\":\"websocket\",\"settings\":{}}");
        assertEquals(201, destination.status(), destination.rawBody());
        Answer issued = api.adminPost("merchant-secret", "{\"merchant_key\":\""
                + destination.data().getString("destination_key") + "\"}");
        assertEquals(200, issued.status(), issued.rawBody());
        Answer route = api.adminPost("accounts/" + merchantNo + "/routes", "{\"event_pattern\":\"*\",\"strategy\":"
                + "\"single\",\"tiers\":[[{\"destination\":\"pos\"}]]}");
        assertEquals(201, route.status(), route.rawBody());
        return new Shop(merchantNo, issued.data().getString("secret"));
    }

    private long submit(String merchantNo, String orderNo) {
        Answer answer = api.submit("{\"order_no\":\"" + orderNo + "\",\"merchant_no\":\"" + merchantNo
                + "\",\"event\":\"order.paid\",\"payload\":{\"order_no\":\"" + orderNo + "\",\"amount\":\"9.90\"}}");
        assertEquals(202, answer.status(), answer.rawBody());
        return answer.data().getJsonNumber("id").longValue();
    }

    /** The notification's first attempt, once it is recorded. */
    private JsonObject firstAttempt(long id) {
        await(() -> api.notification(id).getJsonArray("deliveries").size() >= 1, "a first attempt of " + id, WAIT);
        return api.notification(id).getJsonArray("deliveries").getJsonObject(0);
    }

    private static SocketClient connect(Shop shop) throws Exception {
        return SocketClient.connect(PORT, SocketClient.freshQuery(shop.merchantNo(), "pos", shop.secret()));
    }

    @Test
    void aPushedNotificationIsDeliveredWhenTheMerchantAcknowledgesIt() throws Exception {
        Shop shop = shop();
        try (SocketClient client = connect(shop)) {
            String orderNo = uniqueOrderNo("ws");
            long id = submit(shop.merchantNo(), orderNo);
            JsonObject frame = client.next(FRAME_WAIT);
            assertNotNull(frame, "a frame within " + FRAME_WAIT);
            assertEquals("notification", frame.getString("type"));
            assertEquals("msg_" + id, frame.getString("id"));
            assertEquals("order.paid", frame.getString("event"));
            assertEquals(orderNo, frame.getString("order_no"));
            assertEquals(1, frame.getInt("attempt"));
            String body = frame.getString("body");
            assertDoesNotThrow(() -> new Webhook(shop.secret()).verify(body, Map.of(
                    "webhook-id", List.of(frame.getString("id")),
                    "webhook-timestamp", List.of(String.valueOf(frame.getJsonNumber("timestamp").longValue())),
                    "webhook-signature", List.of(frame.getString("signature")))), "the signature verifies: " + frame);
            JsonObject envelope = Json.createReader(new StringReader(body)).readObject();
            assertEquals(id, envelope.getJsonNumber("notification_id").longValue());
            assertEquals("9.90", envelope.getJsonObject("payload").getString("amount"));

            JsonObject pos = api.admin("accounts/" + shop.merchantNo()).data().getJsonArray("destinations")
                    .getJsonObject(0);
            assertEquals(1, pos.getJsonArray("sessions").size(), "the open session is listed: " + pos);

            // Written to the socket is not delivered: it waits for the ack.
            Thread.sleep(300);
            assertEquals("pending", api.notification(id).getString("status"));
            client.ack(frame.getString("id"), "success", null);
            JsonObject delivered = api.awaitStatus(id, "success", WAIT);
            JsonArray deliveries = delivered.getJsonArray("deliveries");
            assertEquals(1, deliveries.size(), delivered.toString());
            assertEquals("websocket", deliveries.getJsonObject(0).getString("channel"));

            // An ack for something that waits for none is answered with an error frame; the socket stays open.
            client.ack(frame.getString("id"), "success", null);
            JsonObject error = client.next(FRAME_WAIT);
            assertNotNull(error);
            assertEquals("error", error.getString("type"));
            assertTrue(error.getString("msg").contains("no notification msg_" + id + " waits"), error.toString());
            client.send("not json");
            assertTrue(client.next(FRAME_WAIT).getString("msg").contains("not valid JSON"));
        }
    }

    @Test
    void aMerchantThatNeverAcknowledgesIsRetriedThenFailed() throws Exception {
        Shop shop = shop();
        try (SocketClient client = connect(shop)) {
            long id = submit(shop.merchantNo(), uniqueOrderNo("ws-silent"));
            JsonObject failed = api.awaitStatus(id, "failed", WAIT);
            JsonArray deliveries = failed.getJsonArray("deliveries");
            assertEquals(4, deliveries.size(), "every attempt of the test server's schedule: " + failed);
            for (int i = 0; i < deliveries.size(); i++) {
                assertEquals("timeout", deliveries.getJsonObject(i).getString("error_kind"), failed.toString());
            }
            int pushed = 0;
            JsonObject frame;
            while ((frame = client.next(Duration.ofMillis(200))) != null) {
                assertEquals("msg_" + id, frame.getString("id"));
                pushed++;
            }
            assertEquals(4, pushed, "one frame per attempt");
        }
    }

    @Test
    void aNegativeAckFailsTheAttemptWithTheMerchantsReason() throws Exception {
        Shop shop = shop();
        try (SocketClient client = connect(shop)) {
            long id = submit(shop.merchantNo(), uniqueOrderNo("ws-nack"));
            JsonObject frame = client.next(FRAME_WAIT);
            assertNotNull(frame);
            client.ack(frame.getString("id"), "failure", "till offline");
            JsonObject first = firstAttempt(id);
            assertEquals("rejected", first.getString("error_kind"), first.toString());
            assertTrue(first.getString("error").contains("the merchant answered failure: till offline"),
                    first.toString());
            // The retry is pushed again and acknowledged.
            JsonObject again = client.next(FRAME_WAIT);
            assertNotNull(again, "the retry");
            assertEquals(2, again.getInt("attempt"));
            client.ack(again.getString("id"), "success", null);
            api.awaitStatus(id, "success", WAIT);
        }
    }

    @Test
    void withNoSessionOpenAnAttemptFailsAtOnceAndAReconnectReceivesTheBacklog() throws Exception {
        Shop shop = shop();
        try (SocketClient client = connect(shop)) {
            long first = submit(shop.merchantNo(), uniqueOrderNo("ws-before"));
            JsonObject frame = client.next(FRAME_WAIT);
            assertNotNull(frame);
            client.ack(frame.getString("id"), "success", null);
            api.awaitStatus(first, "success", WAIT);
        }
        // Offline: three notifications fail at once with no_session and wait for their retry.
        List<Long> waiting = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(submit(shop.merchantNo(), uniqueOrderNo("ws-offline") + "-" + i));
        }
        for (long id : waiting) {
            JsonObject attempt = firstAttempt(id);
            assertEquals("no_session", attempt.getString("error_kind"), attempt.toString());
            assertTrue(attempt.getJsonNumber("duration_ms").longValue() < 1000, attempt.toString());
        }
        // Connected again: the backlog arrives and is acknowledged.
        try (SocketClient client = connect(shop)) {
            java.util.Set<String> received = new java.util.HashSet<>();
            while (received.size() < waiting.size()) {
                JsonObject frame = client.next(WAIT);
                assertNotNull(frame, "the waiting notifications once connected; got " + received);
                client.ack(frame.getString("id"), "success", null);
                received.add(frame.getString("id"));
            }
            for (long id : waiting) {
                assertTrue(received.contains("msg_" + id), received.toString());
                api.awaitStatus(id, "success", WAIT);
            }
        }
    }

    private String destinationKey(Shop shop) {
        return api.admin("accounts/" + shop.merchantNo()).data().getJsonArray("destinations").getJsonObject(0)
                .getString("destination_key");
    }

    private static String outcome(String ref, boolean ok, String kind, String error) {
        var outcome = Json.createObjectBuilder().add("op", "outcome").add("ref", ref).add("ok", ok);
        if (!ok) {
            outcome.add("kind", kind).add("error", error);
        }
        return outcome.build().toString();
    }

    @Test
    void aSocketOnAnotherNodeTakesTheFrameThroughRedisAndOnlyItsAnswerInTimeSettlesTheAttempt() throws Exception {
        Shop shop = shop();
        String key = destinationKey(shop);
        try (RelayPeer peer = RelayPeer.listen(redis, "it-peer-" + UUID.randomUUID().toString().substring(0, 8))) {
            // The peer says it holds a socket of the destination; this server holds none.
            redis.hset(RelayPeer.HOLDERS + key, peer.id, "1," + (System.currentTimeMillis() + 120_000));
            String orderNo = uniqueOrderNo("ws-relay");
            long id = submit(shop.merchantNo(), orderNo);
            JsonObject push = peer.next(FRAME_WAIT);
            assertNotNull(push, "the frame relayed to the node holding the socket");
            assertEquals("push", push.getString("op"));
            assertEquals(key, push.getString("key"));
            assertEquals("msg_" + id, push.getString("id"));
            JsonObject frame = Json.createReader(new StringReader(push.getString("frame"))).readObject();
            assertEquals("notification", frame.getString("type"));
            assertEquals(orderNo, frame.getString("order_no"));
            assertNotNull(frame.getString("signature"), "signed on the dispatching node: " + frame);
            String from = push.getString("from");

            // Relayed is not delivered: the merchant's answer, relayed back, is.
            Thread.sleep(300);
            assertEquals("pending", api.notification(id).getString("status"));
            assertEquals(1, redis.publish(RelayPeer.INBOX + from, outcome(push.getString("ref"), true, null, null)));
            JsonArray deliveries = api.awaitStatus(id, "success", WAIT).getJsonArray("deliveries");
            assertEquals(1, deliveries.size(), deliveries.toString());
            assertEquals("websocket", deliveries.getJsonObject(0).getString("channel"));

            // A negative answer fails the attempt with the merchant's reason; a retry with no answer times out at the
            // dispatching node, and an answer after that is ignored; the next retry's answer delivers it.
            long second = submit(shop.merchantNo(), uniqueOrderNo("ws-relay-nack"));
            JsonObject refused = peer.next(FRAME_WAIT);
            assertNotNull(refused);
            redis.publish(RelayPeer.INBOX + from, outcome(refused.getString("ref"), false, "REJECTED",
                    "the merchant answered failure: till offline"));
            JsonObject silent = peer.next(FRAME_WAIT);
            assertNotNull(silent, "the retry");
            await(() -> api.notification(second).getJsonArray("deliveries").size() >= 2, "the retry's timeout", WAIT);
            redis.publish(RelayPeer.INBOX + from, outcome(silent.getString("ref"), true, null, null));
            JsonObject third = peer.next(FRAME_WAIT);
            assertNotNull(third, "the retry after the timeout");
            assertEquals(3, Json.createReader(new StringReader(third.getString("frame"))).readObject().getInt("attempt"));
            redis.publish(RelayPeer.INBOX + from, outcome(third.getString("ref"), true, null, null));
            JsonArray attempts = api.awaitStatus(second, "success", WAIT).getJsonArray("deliveries");
            assertEquals(3, attempts.size(), attempts.toString());
            assertEquals("rejected", attempts.getJsonObject(0).getString("error_kind"));
            assertTrue(attempts.getJsonObject(0).getString("error").contains("till offline"), attempts.toString());
            assertEquals("timeout", attempts.getJsonObject(1).getString("error_kind"), attempts.toString());
            assertTrue(attempts.getJsonObject(1).getString("error").contains("another node"), attempts.toString());

            // A holder that stopped listening: the publish reaches no one, and the attempt fails at once.
            redis.hset(RelayPeer.HOLDERS + key, "it-gone-node", "1," + (System.currentTimeMillis() + 120_000));
            redis.hdel(RelayPeer.HOLDERS + key, peer.id);
            long unheard = submit(shop.merchantNo(), uniqueOrderNo("ws-relay-gone"));
            JsonObject gone = firstAttempt(unheard);
            assertEquals("no_session", gone.getString("error_kind"), gone.toString());
            assertTrue(gone.getString("error").contains("it-gone-node"), gone.toString());
        } finally {
            redis.del(RelayPeer.HOLDERS + key);
        }
    }

    @Test
    void aFrameRelayedFromAnotherNodeIsPushedOnTheSocketHereAndTheAnswerGoesBack() throws Exception {
        Shop shop = shop();
        String key = destinationKey(shop);
        String node;
        try (SocketClient client = connect(shop);
                RelayPeer peer = RelayPeer.listen(redis, "it-peer-" + UUID.randomUUID().toString().substring(0, 8))) {
            await(() -> !redis.hgetAll(RelayPeer.HOLDERS + key).isEmpty(), "this node listed as the socket's holder",
                    WAIT);
            Map<String, String> holders = redis.hgetAll(RelayPeer.HOLDERS + key);
            assertEquals(1, holders.size(), holders.toString());
            node = holders.keySet().iterator().next();
            assertTrue(holders.get(node).startsWith("1,"), holders.toString());
            redis.hset(RelayPeer.HOLDERS + key, peer.id, "2," + (System.currentTimeMillis() + 120_000));
            JsonObject pos = api.admin("accounts/" + shop.merchantNo()).data().getJsonArray("destinations")
                    .getJsonObject(0);
            assertEquals(1, pos.getJsonArray("sessions").size(), pos.toString());
            assertEquals(2, pos.getInt("sessions_elsewhere"), "the peer's two sockets: " + pos);
            redis.hdel(RelayPeer.HOLDERS + key, peer.id);

            String[] answers = {"success", "failure"};
            for (int i = 0; i < answers.length; i++) {
                String id = "msg_relayed_" + i;
                String push = Json.createObjectBuilder().add("op", "push").add("from", peer.id).add("ref", "r-" + i)
                        .add("key", key).add("id", id).add("frame", Json.createObjectBuilder()
                                .add("type", "notification").add("id", id).build().toString()).build().toString();
                assertEquals(1, redis.publish(RelayPeer.INBOX + node, push), "the holding node listens");
                JsonObject frame = client.next(FRAME_WAIT);
                assertNotNull(frame, "the relayed frame on the socket");
                assertEquals(id, frame.getString("id"));
                client.ack(id, answers[i], i == 0 ? null : "printer jammed");
                JsonObject outcome = peer.next(FRAME_WAIT);
                assertNotNull(outcome, "the merchant's answer relayed back");
                assertEquals("outcome", outcome.getString("op"));
                assertEquals("r-" + i, outcome.getString("ref"));
                assertEquals(i == 0, outcome.getBoolean("ok"), outcome.toString());
                if (i == 1) {
                    assertEquals("REJECTED", outcome.getString("kind"));
                    assertTrue(outcome.getString("error").contains("printer jammed"), outcome.toString());
                }
            }
        }
        // Closed: the node no longer lists itself.
        await(() -> !redis.hgetAll(RelayPeer.HOLDERS + key).containsKey(node), "the holder entry removed on close",
                WAIT);
    }

    private int sessionsOpen(Shop shop) {
        return api.admin("accounts/" + shop.merchantNo()).data().getJsonArray("destinations").getJsonObject(0)
                .getJsonArray("sessions").size();
    }

    @Test
    void aPeerThatAnswersNoPingIsClosedAndItsSessionGoes() throws Exception {
        Shop shop = shop();
        // A client that completes the handshake and then goes silent, as a machine that lost its network does: it
        // never reads again, so it answers no ping (the JDK's client would answer them by itself).
        try (Socket silent = new Socket("localhost", PORT)) {
            byte[] nonce = new byte[16];
            new java.security.SecureRandom().nextBytes(nonce);
            silent.getOutputStream().write(("GET /ws/v1/notifications?" + SocketClient.freshQuery(shop.merchantNo(),
                    "pos", shop.secret()) + " HTTP/1.1\r\nHost: localhost:" + PORT + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            silent.getOutputStream().flush();
            String status = new BufferedReader(new InputStreamReader(silent.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertTrue(status != null && status.startsWith("HTTP/1.1 101"), "the upgrade: " + status);
            await(() -> sessionsOpen(shop) == 1, "the silent client's session listed", WAIT);
            long opened = System.nanoTime();
            // The test server pings every second and closes a session that answered none for 2 pings + 1 s.
            await(() -> sessionsOpen(shop) == 0, "the silent client's session closed by pings", WAIT);
            double seconds = (System.nanoTime() - opened) / 1e9;
            assertTrue(seconds >= 2, "not before two pings went unanswered: " + seconds + " s");
            long id = submit(shop.merchantNo(), uniqueOrderNo("ws-dead-peer"));
            assertEquals("no_session", firstAttempt(id).getString("error_kind"));
        }
    }

    @Test
    void sessionsOfOneDestinationShareItsNotificationsUpToTheirCap() throws Exception {
        Shop shop = shop();
        try (SocketClient first = connect(shop); SocketClient second = connect(shop)) {
            await(() -> sessionsOpen(shop) == 2, "both sessions open", WAIT);
            // The test server takes two sessions of a destination on a node: a third is refused, saying why.
            assertRefused(SocketClient.freshQuery(shop.merchantNo(), "pos", shop.secret()), 1008,
                    "refused: " + shop.merchantNo() + "/pos has its maximum of 2 sessions on this node");
            List<Long> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add(submit(shop.merchantNo(), uniqueOrderNo("ws-shared") + "-" + i));
            }
            // Neither acknowledges until all ten were pushed: each goes to the session with the fewest waiting.
            int[] pushed = new int[2];
            Map<String, SocketClient> pushedOn = new java.util.HashMap<>();
            List<SocketClient> clients = List.of(first, second);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (pushedOn.size() < ids.size() && System.nanoTime() < deadline) {
                for (int c = 0; c < 2; c++) {
                    JsonObject frame = clients.get(c).next(Duration.ofMillis(100));
                    if (frame != null && pushedOn.putIfAbsent(frame.getString("id"), clients.get(c)) == null) {
                        pushed[c]++;
                    }
                }
            }
            assertEquals(10, pushedOn.size(), "all ten pushed: " + pushedOn.keySet());
            assertTrue(pushed[0] >= 3 && pushed[1] >= 3, "shared between the sessions: " + pushed[0] + " and "
                    + pushed[1]);
            // Each socket acknowledges what it was given.
            pushedOn.forEach((id, client) -> client.ack(id, "success", null));
            for (long id : ids) {
                JsonArray deliveries = api.awaitStatus(id, "success", WAIT).getJsonArray("deliveries");
                assertEquals(1, deliveries.size(), deliveries.toString());
            }
        }
    }

    @Test
    void withNoSocketOpenAFailoverRouteMovesOnAtOnceAndComesBackWhenTheMerchantConnects() throws Exception {
        String merchantNo = "WS-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, api.adminPost("accounts", "{\"merchant_no\":\"" + merchantNo + "\",\"name\":\"Till\"}")
                .status());
        Answer pos = api.adminPost("accounts/" + merchantNo + "/destinations",
                "{\"name\":\"pos\",\"type\":\"websocket\",\"settings\":{}}");
        String secret = api.adminPost("merchant-secret", "{\"merchant_key\":\""
                + pos.data().getString("destination_key") + "\"}").data().getString("secret");
        assertEquals(201, api.adminPost("accounts/" + merchantNo + "/destinations", "{\"name\":\"web\",\"type\":"
                + "\"http\",\"settings\":{\"url\":\"" + merchant.url("/ok/" + merchantNo) + "\"}}").status());
        assertEquals(201, api.adminPost("accounts/" + merchantNo + "/routes", "{\"event_pattern\":\"*\",\"strategy\":"
                + "\"failover\",\"tiers\":[[{\"destination\":\"pos\"}],[{\"destination\":\"web\"}]]}").status());

        // Offline: the socket's attempt fails at once and the callback URL takes the notification.
        String orderNo = uniqueOrderNo("ws-failover");
        long id = submit(merchantNo, orderNo);
        JsonArray deliveries = api.awaitStatus(id, "success", WAIT).getJsonArray("deliveries");
        assertEquals(2, deliveries.size(), deliveries.toString());
        assertEquals("no_session", deliveries.getJsonObject(0).getString("error_kind"), deliveries.toString());
        assertEquals("web", deliveries.getJsonObject(1).getString("destination"), deliveries.toString());
        assertEquals(1, merchant.receivedWith(orderNo).size());

        // Connected: the socket, first in the route, takes the next one.
        try (SocketClient client = SocketClient.connect(PORT, SocketClient.freshQuery(merchantNo, "pos", secret))) {
            await(() -> api.admin("accounts/" + merchantNo).data().getJsonArray("destinations").getJsonObject(0)
                    .getJsonArray("sessions").size() == 1, "the socket open", WAIT);
            String next = uniqueOrderNo("ws-failover-back");
            long second = submit(merchantNo, next);
            JsonObject frame = client.next(FRAME_WAIT);
            assertNotNull(frame, "the socket takes it");
            client.ack(frame.getString("id"), "success", null);
            JsonArray attempts = api.awaitStatus(second, "success", WAIT).getJsonArray("deliveries");
            assertEquals(1, attempts.size(), attempts.toString());
            assertEquals("pos", attempts.getJsonObject(0).getString("destination"));
            assertTrue(merchant.receivedWith(next).isEmpty(), "the callback URL was not called");
        }
    }

    @Test
    void wrongOldReplayedAndUnknownHandshakesAreRefusedWithTheirReason() throws Exception {
        Shop shop = shop();
        long now = Instant.now().getEpochSecond();

        String wrongSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertRefused(SocketClient.query(shop.merchantNo(), "pos", wrongSecret, now, nonce()), 1008,
                "refused: signature does not match");
        assertRefused(SocketClient.query(shop.merchantNo(), "pos", shop.secret(), now - 3600, nonce()), 1008,
                "refused: timestamp is 360");
        assertRefused(SocketClient.query(shop.merchantNo(), "till", shop.secret(), now, nonce()), 1008,
                "refused: no enabled websocket destination by this merchant_no and destination");
        assertRefused("merchant_no=" + shop.merchantNo() + "&destination=pos", 1008, "refused: timestamp is missing");

        String once = SocketClient.query(shop.merchantNo(), "pos", shop.secret(), now, nonce());
        try (SocketClient first = SocketClient.connect(PORT, once)) {
            assertNull(first.next(Duration.ofMillis(500)), "the first use is accepted");
            assertTrue(!first.closed.isDone(), "and stays open");
            assertRefused(once, 1008, "refused: this nonce was used already (a replayed handshake)");
        }
    }

    private static String nonce() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static void assertRefused(String query, int code, String reasonStart) throws Exception {
        try (SocketClient client = SocketClient.connect(PORT, query)) {
            SocketClient.Closed closed = client.awaitClosed(Duration.ofSeconds(10));
            assertEquals(code, closed.code(), closed.toString());
            assertTrue(closed.reason().startsWith(reasonStart), closed.reason());
        }
    }
}
