package it.dev.merchantnotify.routing;

import static it.dev.merchantnotify.NotifyApi.await;
import static it.dev.merchantnotify.NotifyApi.uniqueOrderNo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi.Answer;
import it.dev.merchantnotify.StubMerchant.Received;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Notifications routed by merchant accounts through the real server to stub merchants: failover from a dead primary
 * (answering 500, hanging, refusing connections) to a backup and back once the primary's breaker closes, a weighted
 * 3:1 split, sticky orders, a notification's own notify_url before its account's route, and ingest's refusals. The
 * test server's request timeout is 2 s and a breaker stays open 3 s.
 */
class RoutingIT extends AgainstServer {

    /** The test server's request timeout plus its connect timeout: one attempt's longest. */
    private static final Duration ONE_ATTEMPT = Duration.ofSeconds(3);

    private String newAccount() {
        String merchantNo = "R-" + UUID.randomUUID().toString().substring(0, 8);
        Answer created = api.adminPost("accounts", "{\"merchant_no\":\"" + merchantNo + "\",\"name\":\"Routed\"}");
        assertEquals(201, created.status(), created.rawBody());
        return merchantNo;
    }

    private void destination(String merchantNo, String name, String url) {
        Answer created = api.adminPost("accounts/" + merchantNo + "/destinations", "{\"name\":\"" + name
                + "\",\"type\":\"http\",\"settings\":{\"url\":\"" + url + "\"}}");
        assertEquals(201, created.status(), created.rawBody());
    }

    private void route(String merchantNo, String json) {
        Answer created = api.adminPost("accounts/" + merchantNo + "/routes", json);
        assertEquals(201, created.status(), created.rawBody());
    }

    private static String routed(String orderNo, String merchantNo, String extra) {
        return "{\"order_no\":\"" + orderNo + "\",\"merchant_no\":\"" + merchantNo + "\",\"payload\":{\"order_no\":\""
                + orderNo + "\",\"amount\":\"9.90\"}" + (extra == null ? "" : "," + extra) + "}";
    }

    /** Submits {@code count} notifications for the account in batches; answers their ids by order_no. */
    private Map<String, Long> submit(String merchantNo, String label, int count) {
        Map<String, Long> ids = new HashMap<>();
        for (int from = 0; from < count; from += 500) {
            StringJoiner batch = new StringJoiner(",", "{\"notifications\":[", "]}");
            List<String> orders = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 500); i++) {
                String orderNo = uniqueOrderNo(label) + "-" + i;
                orders.add(orderNo);
                batch.add(routed(orderNo, merchantNo, null));
            }
            Answer answer = api.submitBatch(batch.toString());
            assertEquals(200, answer.status(), answer.rawBody());
            var results = answer.data().getJsonArray("results");
            for (int i = 0; i < results.size(); i++) {
                JsonObject result = results.getJsonObject(i);
                assertEquals("accepted", result.getString("status"), result.toString());
                ids.put(orders.get(i), result.getJsonNumber("id").longValue());
            }
        }
        return ids;
    }

    @Test
    void failoverFromADeadPrimaryReachesTheBackupWithinOneAttemptAndReturnsOnceThePrimarysBreakerCloses() {
        String primarySwitch = "primary-" + UUID.randomUUID().toString().substring(0, 8);
        for (String dead : List.of("500", "hang", "refused", "switch")) {
            String merchantNo = newAccount();
            String primaryUrl = switch (dead) {
                case "500" -> merchant.url("/error/" + merchantNo);
                case "hang" -> merchant.url("/hang/" + merchantNo);
                case "refused" -> merchant.refusedUrl();
                default -> merchant.url("/switch/" + primarySwitch);
            };
            destination(merchantNo, "primary", primaryUrl);
            destination(merchantNo, "backup", merchant.url("/ok/backup-" + merchantNo));
            route(merchantNo, "{\"event_pattern\":\"order.*\",\"strategy\":\"failover\",\"tiers\":"
                    + "[[{\"destination\":\"primary\"}],[{\"destination\":\"backup\"}]]}");

            Map<String, Instant> submitted = new HashMap<>();
            Map<String, Long> ids = new HashMap<>();
            for (int i = 0; i < 8; i++) {
                String orderNo = uniqueOrderNo("failover-" + dead) + "-" + i;
                submitted.put(orderNo, Instant.now());
                Answer answer = api.submit(routed(orderNo, merchantNo, null));
                assertEquals(202, answer.status(), answer.rawBody());
                ids.put(orderNo, answer.data().getJsonNumber("id").longValue());
            }
            for (Map.Entry<String, Long> order : ids.entrySet()) {
                JsonObject delivered = api.awaitStatus(order.getValue(), "success", WAIT);
                var deliveries = delivered.getJsonArray("deliveries");
                JsonObject last = deliveries.getJsonObject(deliveries.size() - 1);
                assertEquals("backup", last.getString("destination"), dead + ": " + delivered);
                assertEquals("http", last.getString("channel"));
                Received got = merchant.receivedWith(order.getKey()).stream()
                        .filter(r -> r.path().startsWith("/ok/backup-")).findFirst().orElseThrow();
                Duration took = Duration.between(submitted.get(order.getKey()), got.at());
                assertTrue(took.compareTo(ONE_ATTEMPT.plusSeconds(1)) < 0, dead + ": the backup got " + order.getKey()
                        + " " + took.toMillis() + " ms after its ingest");
            }
            if (dead.equals("switch")) {
                lastSwitchAccount = merchantNo;
            }
            Answer status = api.admin("accounts/" + merchantNo);
            assertEquals("degraded", status.data().getString("status"), "the primary's breaker is open: " + status.rawBody());
        }

        // The switch primary comes back: its breaker's open period ends, a routed probe closes it, and it takes the
        // account's notifications again.
        merchant.setUp(primarySwitch, true);
        await(() -> {
            String orderNo = uniqueOrderNo("failback");
            long id = api.submit(routed(orderNo, lastSwitchAccount, null)).data().getJsonNumber("id").longValue();
            JsonObject delivered = api.awaitStatus(id, "success", WAIT);
            var deliveries = delivered.getJsonArray("deliveries");
            return deliveries.getJsonObject(deliveries.size() - 1).getString("destination").equals("primary");
        }, "the primary takes notifications again once its breaker closed", Duration.ofSeconds(30));
    }

    private String lastSwitchAccount;

    @Test
    void aWeightedRouteSplitsByWeightAndAStickyOneKeepsEachOrderOnOneDestination() {
        String merchantNo = newAccount();
        destination(merchantNo, "a", merchant.url("/ok/weighted-a-" + merchantNo));
        destination(merchantNo, "b", merchant.url("/ok/weighted-b-" + merchantNo));
        route(merchantNo, "{\"event_pattern\":\"*\",\"strategy\":\"weighted\",\"tiers\":"
                + "[[{\"destination\":\"a\",\"weight\":3},{\"destination\":\"b\",\"weight\":1}]]}");
        Map<String, Long> ids = submit(merchantNo, "weighted", 4000);
        await(() -> merchant.receivedOn("/ok/weighted-a-" + merchantNo).size()
                + merchant.receivedOn("/ok/weighted-b-" + merchantNo).size() >= ids.size(),
                "every notification is delivered", WAIT);
        int a = merchant.receivedOn("/ok/weighted-a-" + merchantNo).size();
        int b = merchant.receivedOn("/ok/weighted-b-" + merchantNo).size();
        assertEquals(4000, a + b, "each once");
        assertTrue(Math.abs(a - 3000) <= 150, "3:1 within 5 %: a=" + a + " b=" + b);

        String stickyNo = newAccount();
        destination(stickyNo, "x", merchant.url("/ok/sticky-x-" + stickyNo));
        destination(stickyNo, "y", merchant.url("/ok/sticky-y-" + stickyNo));
        destination(stickyNo, "z", merchant.url("/ok/sticky-z-" + stickyNo));
        route(stickyNo, "{\"event_pattern\":\"*\",\"strategy\":\"weighted\",\"sticky\":true,\"tiers\":"
                + "[[{\"destination\":\"x\"},{\"destination\":\"y\"},{\"destination\":\"z\"}]]}");
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            orders.add(uniqueOrderNo("sticky") + "-" + i);
        }
        List<Long> ids2 = new ArrayList<>();
        for (String event : List.of("order.paid", "order.shipped", "refund.created")) {
            StringJoiner batch = new StringJoiner(",", "{\"notifications\":[", "]}");
            orders.forEach(orderNo -> batch.add(routed(orderNo, stickyNo, "\"event\":\"" + event + "\"")));
            Answer answer = api.submitBatch(batch.toString());
            assertEquals(200, answer.status(), answer.rawBody());
            answer.data().getJsonArray("results").forEach(r -> ids2.add(r.asJsonObject().getJsonNumber("id").longValue()));
        }
        ids2.forEach(id -> api.awaitStatus(id, "success", WAIT));
        Set<String> used = new HashSet<>();
        for (String orderNo : orders) {
            Set<String> paths = new HashSet<>();
            merchant.receivedWith(orderNo + "&").forEach(r -> paths.add(r.path()));
            merchant.receivedWith(orderNo + "\"").forEach(r -> paths.add(r.path()));
            assertEquals(1, paths.size(), orderNo + "'s three events went to one destination: " + paths);
            used.addAll(paths);
        }
        assertEquals(3, used.size(), "the orders are spread over the three destinations: " + used);
    }

    @Test
    void aNotificationsOwnNotifyUrlComesFirstThenItsAccountsRoute() {
        String merchantNo = newAccount();
        destination(merchantNo, "fallback", merchant.url("/ok/fallback-" + merchantNo));
        route(merchantNo, "{\"event_pattern\":\"order.paid\",\"strategy\":\"single\",\"tiers\":"
                + "[[{\"destination\":\"fallback\"}]]}");
        String ownOk = uniqueOrderNo("own-ok");
        long okId = api.submit(routed(ownOk, merchantNo, "\"notify_url\":\"" + merchant.url("/ok/own-" + merchantNo)
                + "\"")).data().getJsonNumber("id").longValue();
        JsonObject delivered = api.awaitStatus(okId, "success", WAIT);
        assertEquals(merchantNo, delivered.getString("merchant_no"));
        assertTrue(delivered.getJsonArray("deliveries").getJsonObject(0).isNull("destination"),
                "its own notify_url first: " + delivered);
        String ownDown = uniqueOrderNo("own-down");
        long downId = api.submit(routed(ownDown, merchantNo, "\"notify_url\":\"" + merchant.url("/error/own-"
                + merchantNo) + "\"")).data().getJsonNumber("id").longValue();
        JsonObject fellBack = api.awaitStatus(downId, "success", WAIT);
        var deliveries = fellBack.getJsonArray("deliveries");
        assertEquals("fallback", deliveries.getJsonObject(deliveries.size() - 1).getString("destination"),
                fellBack.toString());
        assertEquals(2, deliveries.size(), "one failed attempt at its own URL, then the route: " + fellBack);
    }

    @Test
    void aBroadcastSucceedsWithADeadCopyMemberAndRetriesADeadRequiredOne() {
        String merchantNo = newAccount();
        destination(merchantNo, "books", merchant.url("/ok/books-" + merchantNo));
        destination(merchantNo, "ledger", merchant.url("/error/ledger-" + merchantNo));
        destination(merchantNo, "audit", merchant.url("/error/audit-" + merchantNo));
        route(merchantNo, "{\"event_pattern\":\"*\",\"strategy\":\"broadcast\",\"tiers\":[[{\"destination\":"
                + "\"books\"},{\"destination\":\"ledger\"},{\"destination\":\"audit\",\"role\":\"copy\"}]]}");

        // The required ledger answers 500: the broadcast stays pending while its copy is retried on the schedule
        // (4 attempts on the test server), then fails naming why; the books got theirs at once.
        String orderNo = uniqueOrderNo("broadcast");
        Answer accepted = api.submit(routed(orderNo, merchantNo, null));
        assertEquals(202, accepted.status(), accepted.rawBody());
        long id = accepted.data().getJsonNumber("id").longValue();
        await(() -> merchant.receivedWith(orderNo).stream().anyMatch(r -> r.path().startsWith("/ok/books-")),
                "the books copy is delivered", WAIT);
        JsonObject waiting = api.notification(id);
        assertEquals("pending", waiting.getString("status"), "the required ledger has not accepted: " + waiting);
        assertEquals("broadcast", waiting.getString("role"));
        var copies = waiting.getJsonArray("copies");
        assertEquals(3, copies.size(), waiting.toString());
        assertEquals(List.of("required", "required", "copy"), copies.stream()
                .map(copy -> copy.asJsonObject().getString("role")).toList());
        long ledgerCopy = copies.getJsonObject(1).getJsonNumber("id").longValue();
        long auditCopy = copies.getJsonObject(2).getJsonNumber("id").longValue();
        JsonObject failed = api.awaitStatus(id, "failed", WAIT);
        assertTrue(failed.getString("last_error").contains("500"), failed.toString());
        JsonObject ledger = api.notification(ledgerCopy);
        assertEquals(id, ledger.getJsonNumber("broadcast_id").longValue());
        assertEquals(4, ledger.getInt("attempts"), "retried on the schedule: " + ledger);
        assertEquals(4, merchant.receivedWith(orderNo).stream().filter(r -> r.path().startsWith("/error/ledger-"))
                .count());
        assertEquals(1, merchant.receivedWith(orderNo).stream().filter(r -> r.path().startsWith("/ok/books-"))
                .count(), "the delivered books copy is not sent again");

        // The ledger is fixed and an operator retries the broadcast: every copy goes again; it succeeds although the
        // audit copy keeps failing.
        Answer changed = api.adminPut("accounts/" + merchantNo + "/destinations/ledger",
                "{\"type\":\"http\",\"settings\":{\"url\":\"" + merchant.url("/ok/ledger-" + merchantNo) + "\"}}");
        assertEquals(200, changed.status(), changed.rawBody());
        Answer retried = api.adminPost("retry", "{\"order_id\":" + id + "}");
        assertEquals(200, retried.status(), retried.rawBody());
        JsonObject done = api.awaitStatus(id, "success", WAIT);
        assertTrue(merchant.receivedWith(orderNo).stream().anyMatch(r -> r.path().startsWith("/ok/ledger-")),
                "the ledger got it");
        JsonObject audit = api.notification(auditCopy);
        assertTrue(!audit.getString("status").equals("success") && audit.getInt("attempts") >= 1,
                "the audit copy was tried and never accepted: " + audit);
        assertEquals(List.of("success", "success"), done.getJsonArray("copies").stream().limit(2)
                .map(copy -> copy.asJsonObject().getString("status")).toList(), done.toString());

        // Submitted again, it is a duplicate of the broadcast; a lookup by order shows the broadcast alone.
        Answer repeat = api.submit(routed(orderNo, merchantNo, null));
        assertEquals(200, repeat.status(), repeat.rawBody());
        assertEquals(id, repeat.data().getJsonNumber("id").longValue());
        Answer byOrder = api.get("/api/v1/notifications?order_no=" + orderNo);
        assertEquals(1, byOrder.envelope().getJsonArray("data").size(), byOrder.rawBody());
    }

    @Test
    void ingestRefusesWhatCannotBeRouted() {
        Answer unknown = api.submit(routed(uniqueOrderNo("unrouted"), "NO-SUCH-MERCHANT", null));
        assertEquals(400, unknown.status());
        assertTrue(unknown.msg().contains("merchant_no \"NO-SUCH-MERCHANT\" is not a registered merchant account"),
                unknown.msg());
        String merchantNo = newAccount();
        destination(merchantNo, "only", merchant.url("/ok/only-" + merchantNo));
        route(merchantNo, "{\"event_pattern\":\"refund.*\",\"strategy\":\"single\",\"tiers\":"
                + "[[{\"destination\":\"only\"}]]}");
        Answer noRoute = api.submit(routed(uniqueOrderNo("unrouted"), merchantNo, null));
        assertEquals(400, noRoute.status());
        assertTrue(noRoute.msg().contains("has no enabled route for event \"order.paid\""), noRoute.msg());
        Answer refund = api.submit(routed(uniqueOrderNo("refund"), merchantNo, "\"event\":\"refund.created\""));
        assertEquals(202, refund.status(), refund.rawBody());
        api.adminPut("accounts/" + merchantNo, "{\"enabled\":false}");
        Answer disabled = api.submit(routed(uniqueOrderNo("unrouted"), merchantNo, "\"event\":\"refund.created\""));
        assertEquals(400, disabled.status());
        assertTrue(disabled.msg().contains("disabled"), disabled.msg());
        Answer neither = api.submit("{\"order_no\":\"" + uniqueOrderNo("neither") + "\",\"payload\":{}}");
        assertEquals(400, neither.status());
        assertTrue(neither.msg().contains("notify_url is required"), neither.msg());
    }
}
