package it.dev.merchantnotify.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi.Answer;
import it.dev.merchantnotify.StubMerchant.Received;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Merchant accounts, destinations and routes through the admin API of the real server: registered, shown (secrets
 * never), changed, tested against a stub merchant, deleted, every change audited; and every invalid one refused with
 * the field named, leaving nothing written.
 */
class RoutingAdminIT extends AgainstServer {

    private static String newMerchantNo() {
        return "M-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String account(String merchantNo) {
        Answer created = api.adminPost("accounts", "{\"merchant_no\":\"" + merchantNo + "\",\"name\":\"Acme Coffee\"}");
        assertEquals(201, created.status(), created.rawBody());
        return "accounts/" + merchantNo;
    }

    private Answer destination(String account, String name, String settings) {
        return api.adminPost(account + "/destinations", "{\"name\":\"" + name + "\",\"type\":\"http\",\"settings\":"
                + settings + "}");
    }

    @Test
    void anAccountIsRegisteredWithDestinationsAndRoutesShownWithoutSecretsChangedTestedAndDeletedAndAudited() {
        String merchantNo = newMerchantNo();
        String version = redis.get("merchant_notify_routing_version");
        String account = account(merchantNo);
        Answer shown = api.admin(account);
        assertEquals(200, shown.status(), shown.rawBody());
        assertEquals("no_destinations", shown.data().getString("status"));
        assertEquals("Acme Coffee", shown.data().getString("name"));
        assertTrue(shown.data().getBoolean("enabled"));

        Answer primary = destination(account, "primary", "{\"url\":\"" + merchant.url("/ok") + "\","
                + "\"headers\":{\"Authorization\":\"Bearer t0ps3cret\"}}");
        assertEquals(201, primary.status(), primary.rawBody());
        assertFalse(primary.rawBody().contains("t0ps3cret"), "a secret is never shown: " + primary.rawBody());
        assertEquals(List.of("headers.Authorization"), primary.data().getJsonArray("secret_names").stream()
                .map(value -> ((jakarta.json.JsonString) value).getString()).toList());
        assertEquals("form", primary.data().getJsonObject("settings").getString("format"));
        assertTrue(primary.data().getString("destination_key").matches("[0-9a-f]{16}"), primary.rawBody());
        assertEquals("normal", primary.data().getString("status"));

        Answer backup = destination(account, "backup", "{\"url\":\"" + merchant.url("/json-ok") + "?token=abc\","
                + "\"format\":\"json\"}");
        assertEquals(201, backup.status(), backup.rawBody());
        assertFalse(backup.rawBody().contains("token=abc"), "a URL's query is kept secret: " + backup.rawBody());
        assertTrue(backup.data().getJsonObject("settings").getString("url").endsWith("/json-ok?…"), backup.rawBody());

        Answer route = api.adminPost(account + "/routes", "{\"event_pattern\":\"order.paid\",\"strategy\":"
                + "\"failover\",\"tiers\":[[{\"destination\":\"primary\"}],[{\"destination\":\"backup\"}]]}");
        assertEquals(201, route.status(), route.rawBody());
        long routeId = route.data().getJsonNumber("route_id").longValue();
        assertEquals(1, route.data().getInt("failover_after"));
        JsonArray tiers = api.admin(account).data().getJsonArray("routes").getJsonObject(0).getJsonArray("tiers");
        assertEquals("primary", tiers.getJsonArray(0).getJsonObject(0).getString("destination"));
        assertEquals("backup", tiers.getJsonArray(1).getJsonObject(0).getString("destination"));
        assertEquals("normal", api.admin(account).data().getString("status"));

        // A header given as null keeps its stored value; the test notification carries it.
        Answer kept = api.adminPut(account + "/destinations/primary", "{\"settings\":{\"url\":\""
                + merchant.url("/ok/routing-test") + "\",\"headers\":{\"Authorization\":null}}}");
        assertEquals(200, kept.status(), kept.rawBody());
        String orderNo = "TEST-" + UUID.randomUUID().toString().substring(0, 8);
        Answer test = api.adminPost(account + "/destinations/primary/test", "{\"order_no\":\"" + orderNo + "\"}");
        assertEquals(200, test.status(), test.rawBody());
        assertTrue(test.data().getBoolean("success"), test.rawBody());
        assertEquals(200, test.data().getInt("status"));
        Received received = merchant.receivedWith(orderNo).get(0);
        assertEquals("/ok/routing-test", received.path());
        assertEquals("Bearer t0ps3cret", received.header("authorization"));
        Answer failing = api.adminPut(account + "/destinations/backup", "{\"settings\":{\"url\":\""
                + merchant.url("/error") + "\"}}");
        assertEquals(200, failing.status(), failing.rawBody());
        Answer failedTest = api.adminPost(account + "/destinations/backup/test", "{}");
        assertFalse(failedTest.data().getBoolean("success"), failedTest.rawBody());
        assertEquals("http_status", failedTest.data().getString("error_kind"));
        assertEquals(500, failedTest.data().getInt("status"));

        Answer inUse = api.adminDelete(account + "/destinations/primary");
        assertEquals(400, inUse.status(), inUse.rawBody());
        assertTrue(inUse.msg().contains("order.paid"), inUse.msg());
        Answer single = api.adminPut(account + "/routes/" + routeId, "{\"strategy\":\"single\","
                + "\"tiers\":[[{\"destination\":\"backup\"}]]}");
        assertEquals(200, single.status(), single.rawBody());
        assertEquals("order.paid", single.data().getString("event_pattern"), "left out: kept");
        assertEquals(200, api.adminDelete(account + "/destinations/primary").status());
        Answer disabled = api.adminPut(account, "{\"enabled\":false}");
        assertFalse(disabled.data().getBoolean("enabled"), disabled.rawBody());

        List<JsonObject> audit = api.admin("audit?limit=50").data().getJsonArray("list").stream()
                .map(JsonObject.class::cast).filter(r -> r.getString("target").startsWith(merchantNo)).toList();
        List<String> actions = audit.stream().map(r -> r.getString("action")).toList();
        for (String action : List.of("create-account", "create-destination", "create-route", "change-destination",
                "test-destination", "change-route", "delete-destination", "change-account")) {
            assertTrue(actions.contains(action), action + " is audited: " + actions);
        }
        assertTrue(audit.stream().noneMatch(r -> r.toString().contains("t0ps3cret") || r.toString().contains("token=abc")),
                "no secret in the audit log");
        assertTrue(Long.parseLong(redis.get("merchant_notify_routing_version"))
                > (version == null ? 0 : Long.parseLong(version)), "every node is told the routing changed");

        assertEquals(200, api.adminDelete(account).status());
        assertEquals(404, api.admin(account).status());
    }

    @Test
    void everyInvalidAccountDestinationAndRouteIsRefusedNamingTheFieldAndNothingIsWritten() {
        assertRefused(api.adminPost("accounts", "{\"name\":\"x\"}"), 400, "merchant_no is required");
        assertRefused(api.adminPost("accounts", "{\"merchant_no\":\"M 1\",\"name\":\"x\"}"), 400, "merchant_no may hold");
        assertRefused(api.adminPost("accounts", "{\"merchant_no\":\"M1\",\"name\":7}"), 400, "name must be a string");
        String merchantNo = newMerchantNo();
        String account = account(merchantNo);
        assertRefused(api.adminPost("accounts", "{\"merchant_no\":\"" + merchantNo + "\",\"name\":\"x\"}"), 400,
                "already exists");
        assertRefused(api.adminPost("accounts/NO-SUCH/destinations", "{}"), 404, "no merchant account");

        String ok = "\"url\":\"" + merchant.url("/ok") + "\"";
        assertRefused(api.adminPost(account + "/destinations", "{\"type\":\"http\",\"settings\":{" + ok + "}}"), 400,
                "name is required");
        assertRefused(api.adminPost(account + "/destinations", "{\"name\":\"a\",\"type\":\"pigeon\",\"settings\":{"
                + ok + "}}"), 400, "type must be one of email, http, kafka, rabbitmq, sms, websocket, not \"pigeon\"");
        assertRefused(api.adminPost(account + "/destinations", "{\"name\":\"a\",\"type\":\"http\"}"), 400,
                "settings is required");
        assertRefused(destination(account, "a", "{}"), 400, "settings.url is required");
        assertRefused(destination(account, "a", "{\"url\":\"ftp://x.example/\"}"), 400, "settings.url is not a usable");
        assertRefused(destination(account, "a", "{\"url\":\"http://10.1.2.3/n\"}"), 400, "settings.url: deliveries may");
        assertRefused(destination(account, "a", "{" + ok + ",\"format\":\"xml\"}"), 400,
                "settings.format must be one of form, json");
        assertRefused(destination(account, "a", "{" + ok + ",\"method\":\"PUT\"}"), 400,
                "settings.method is not a setting");
        assertRefused(destination(account, "a", "{" + ok + ",\"headers\":{\"User-Agent\":\"x\"}}"), 400,
                "settings.headers.User-Agent");
        assertRefused(destination(account, "a", "{" + ok + ",\"headers\":{\"X-Key\":\"a\\nb\"}}"), 400,
                "must not contain a line break");
        assertEquals(201, destination(account, "a", "{" + ok + "}").status());
        assertRefused(destination(account, "a", "{" + ok + "}"), 400, "already has a destination named \"a\"");
        assertRefused(api.adminPut(account + "/destinations/a", "{\"type\":\"kafka\",\"settings\":{" + ok + "}}"),
                400, "type cannot change");

        String routes = account + "/routes";
        assertRefused(api.adminPost(routes, "{\"strategy\":\"single\",\"tiers\":[[{\"destination\":\"a\"}]]}"), 400,
                "event_pattern is required");
        assertRefused(api.adminPost(routes, "{\"event_pattern\":\"order.*.paid\",\"strategy\":\"single\","
                + "\"tiers\":[[{\"destination\":\"a\"}]]}"), 400, "event_pattern must be an event name");
        assertRefused(api.adminPost(routes, "{\"event_pattern\":\"*\",\"strategy\":\"random\","
                + "\"tiers\":[[{\"destination\":\"a\"}]]}"), 400, "strategy must be one of single, failover, weighted");
        assertRefused(api.adminPost(routes, "{\"event_pattern\":\"*\",\"strategy\":\"single\",\"tiers\":[]}"), 400,
                "tiers must hold at least one tier");
        assertRefused(api.adminPost(routes, "{\"event_pattern\":\"*\",\"strategy\":\"single\","
                + "\"tiers\":[[{\"destination\":\"nope\"}]]}"), 400, "tiers[0][0].destination must be one of a");
        assertRefused(api.adminPost(routes, "{\"event_pattern\":\"*\",\"strategy\":\"failover\","
                + "\"tiers\":[[{\"destination\":\"a\"}],[{\"destination\":\"a\"}]]}"), 400,
                "tiers[1][0]: destination a is already a member");
        assertRefused(api.adminPost(routes, "{\"event_pattern\":\"*\",\"strategy\":\"weighted\","
                + "\"tiers\":[[{\"destination\":\"a\",\"weight\":0}]]}"), 400,
                "tiers[0][0].weight must be a whole number from 1 to 1000, not 0");
        assertRefused(api.adminPost(routes, "{\"event_pattern\":\"*\",\"strategy\":\"failover\","
                + "\"tiers\":[[{\"destination\":\"a\",\"role\":\"copy\"}]]}"), 400, "role copy is for broadcast");
        assertRefused(api.adminPost(routes, "{\"event_pattern\":\"*\",\"strategy\":\"broadcast\","
                + "\"tiers\":[[{\"destination\":\"a\",\"role\":\"copy\"}]]}"), 400, "at least one required member");
        assertRefused(api.adminPost(routes, "{\"event_pattern\":\"*\",\"strategy\":\"failover\",\"sticky\":true,"
                + "\"tiers\":[[{\"destination\":\"a\"}]]}"), 400, "sticky is for weighted routes only");
        assertRefused(api.adminPost(routes, "{\"event_pattern\":\"*\",\"strategy\":\"failover\",\"failover_after\":11,"
                + "\"tiers\":[[{\"destination\":\"a\"}]]}"), 400, "failover_after must be a whole number from 1 to 10");
        assertRefused(api.adminPost(routes, "{\"event_pattern\":\"*\",\"strategy\":\"single\","
                + "\"tiers\":[[{\"destination\":\"a\"},{\"destination\":\"a\"}]]}"), 400, "tiers[0][1]");
        assertRefused(api.adminPost(routes, "{\"event_pattern\":\"*\",\"strategy\":\"single\",\"tiers\":[\"a\"]}"), 400,
                "tiers[0] must be an array");
        assertRefused(api.admin(account + "/routes/99999999"), 404, "has no route 99999999");

        JsonObject left = api.admin(account).data();
        assertEquals(1, left.getInt("destination_count"), "only the one valid destination was written");
        assertEquals(0, left.getInt("route_count"), "no refused route was written");
    }

    private static void assertRefused(Answer answer, int status, String fragment) {
        assertEquals(status, answer.status(), answer.rawBody());
        assertEquals(status, answer.envelope().getInt("code"), answer.rawBody());
        assertTrue(answer.msg().contains(fragment), "'" + answer.msg() + "' should contain '" + fragment + "'");
        assertFalse(answer.rawBody().contains("Exception"), answer.rawBody());
    }
}
