package it.dev.merchantnotify.security;

import static it.dev.merchantnotify.NotifyApi.notificationJson;
import static it.dev.merchantnotify.NotifyApi.uniqueOrderNo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi.Answer;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * The outbound guard against the real server. The test server allows 127.0.0.0/8 (its stub merchants) and resolves
 * names from the tests' hosts file, where {@code loopback6.merchant.test} is {@code ::1} and
 * {@code shop.merchant.test} is 127.0.0.1.
 */
class OutboundGuardIT extends AgainstServer {

    @Test
    void aNotifyUrlOnABlockedAddressIsRefusedAtIngestAndNothingIsStored() {
        String orderNo = uniqueOrderNo("metadata");
        Answer refused = api.submit(notificationJson(orderNo, "http://169.254.169.254/latest/meta-data/", null));
        assertEquals(400, refused.status(), refused.rawBody());
        assertEquals(400, refused.envelope().getInt("code"));
        assertEquals("notify_url points to a blocked address: 169.254.169.254 is link-local (cloud metadata lives "
                + "here) (deliveries go to public addresses only; notify.security.allowed-networks lists exceptions: "
                + "127.0.0.0/8)", refused.msg());

        String batchOrderNo = uniqueOrderNo("private");
        Answer batch = api.submitBatch("{\"notifications\":[" + notificationJson(batchOrderNo, merchant.url("/ok"), null)
                + "," + notificationJson(batchOrderNo + "-b", "http://[::ffff:10.0.0.8]:8080/notify", null) + "]}");
        assertEquals(200, batch.status(), batch.rawBody());
        JsonObject rejected = batch.data().getJsonArray("results").getJsonObject(1);
        assertEquals("rejected", rejected.getString("status"), batch.rawBody());
        assertTrue(rejected.getString("msg").startsWith("notifications[1].notify_url points to a blocked address: "
                + "10.0.0.8 is private (RFC 1918)"), rejected.getString("msg"));
        assertEquals("accepted", batch.data().getJsonArray("results").getJsonObject(0).getString("status"),
                "the batch's other notifications are taken");

        Answer numeric = api.submit(notificationJson(uniqueOrderNo("numeric"), "http://2130706433:9/notify", null));
        assertEquals(400, numeric.status(), numeric.rawBody());
        assertTrue(numeric.msg().contains("not an IPv4 address in dotted decimal form"), numeric.msg());

        for (String order : new String[] {orderNo, batchOrderNo + "-b"}) {
            Answer found = api.get("/api/v1/notifications?order_no=" + order);
            assertEquals(0, found.envelope().getJsonArray("data").size(), "nothing stored for " + order);
        }
    }

    @Test
    void aNameThatResolvesToABlockedAddressFailsAtSendTimeWithoutRetry() {
        String orderNo = uniqueOrderNo("rebind");
        String url = "http://loopback6.merchant.test:" + merchant.port() + "/ok";
        Answer accepted = api.submit(notificationJson(orderNo, url, null));
        assertEquals(202, accepted.status(), accepted.rawBody());
        long id = accepted.data().getJsonNumber("id").longValue();

        JsonObject failed = api.awaitStatus(id, "failed", WAIT);

        assertEquals(1, failed.getInt("attempts"), "a blocked attempt is not retried: " + failed);
        JsonObject attempt = failed.getJsonArray("deliveries").getJsonObject(0);
        assertEquals("blocked", attempt.getString("error_kind"));
        assertTrue(!attempt.containsKey("http_status") || attempt.isNull("http_status"));
        assertEquals("blocked: loopback6.merchant.test resolves to 0:0:0:0:0:0:0:1 is loopback (deliveries go to "
                + "public addresses only; notify.security.allowed-networks lists exceptions: 127.0.0.0/8) "
                + "(not retried)", failed.getString("last_error"));
        assertEquals(0, merchant.receivedWith(orderNo).size(), "nothing reached any merchant");
    }

    @Test
    void aNameIsConnectedToOnlyAtItsPermittedAddresses() {
        // localhost is 127.0.0.1 and ::1 in the hosts file: only 127.0.0.1 is allowed, and the delivery goes there.
        String orderNo = uniqueOrderNo("pinned");
        long id = api.submit(notificationJson(orderNo, "http://localhost:" + merchant.port() + "/ok", null))
                .data().getJsonNumber("id").longValue();
        api.awaitStatus(id, "success", WAIT);
        assertEquals(1, merchant.receivedWith(orderNo).size());

        String named = uniqueOrderNo("named");
        long namedId = api.submit(notificationJson(named, "http://shop.merchant.test:" + merchant.port() + "/ok", null))
                .data().getJsonNumber("id").longValue();
        api.awaitStatus(namedId, "success", WAIT);
        assertEquals("shop.merchant.test:" + merchant.port(), merchant.receivedWith(named).get(0).header("Host"));
    }

    @Test
    void aRedirectToAnInternalAddressIsNotFollowed() {
        String orderNo = uniqueOrderNo("redirect-internal");
        long id = api.submit(notificationJson(orderNo, merchant.url("/redirect-metadata"), null))
                .data().getJsonNumber("id").longValue();

        JsonObject attempt = awaitFirstAttempt(id);

        assertEquals(302, attempt.getInt("http_status"));
        assertEquals("http_status", attempt.getString("error_kind"));
        assertEquals("HTTP 302 redirect to http://169.254.169.254/latest/meta-data/ (not followed)",
                attempt.getString("error"));
        assertEquals(1, merchant.receivedWith(orderNo).size(), "only the merchant itself was called");
    }

    private JsonObject awaitFirstAttempt(long id) {
        JsonObject[] first = new JsonObject[1];
        it.dev.merchantnotify.NotifyApi.await(() -> {
            var deliveries = api.notification(id).getJsonArray("deliveries");
            if (deliveries.isEmpty()) {
                return false;
            }
            first[0] = deliveries.getJsonObject(0);
            return true;
        }, "notification " + id + " has an attempt", WAIT);
        return first[0];
    }
}
