package it.dev.merchantnotify.signing;

import static it.dev.merchantnotify.NotifyApi.notificationJson;
import static it.dev.merchantnotify.NotifyApi.uniqueOrderNo;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi.Answer;
import it.dev.merchantnotify.StubMerchant.Received;
import jakarta.json.JsonObject;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Signed deliveries as a merchant checks them: Standard Webhooks with the reference verifier, epay MD5 written out
 * here from the convention (not with the application's code); issuing, rotating and removing secrets.
 */
class SignedDeliveryIT extends AgainstServer {

    private static Map<String, List<String>> headers(Received request) {
        return request.headers().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
    }

    private static Map<String, String> formFields(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** What a PHP merchant's epay notify handler does. */
    private static boolean epayVerifies(Map<String, String> fields, String key) throws Exception {
        TreeMap<String, String> sorted = new TreeMap<>(fields);
        sorted.remove("sign");
        sorted.remove("sign_type");
        sorted.values().removeIf(String::isEmpty);
        String text = sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest((text + key).getBytes(StandardCharsets.UTF_8)));
        return md5.equals(fields.get("sign")) && "MD5".equals(fields.get("sign_type"));
    }

    private Answer issue(String json) {
        return api.adminPost("merchant-secret", json);
    }

    private long submit(String orderNo, String url, String extra) {
        Answer answer = api.submit(notificationJson(orderNo, url, extra));
        assertEquals(202, answer.status(), answer.rawBody());
        return answer.data().getJsonNumber("id").longValue();
    }

    @Test
    void aSignedJsonDeliveryVerifiesWithTheStandardWebhooksVerifier() throws Exception {
        String url = merchant.url("/json-ok/signed-" + uniqueOrderNo("m"));
        Answer issued = issue("{\"notify_url\":\"" + url + "\"}");
        assertEquals(200, issued.status(), issued.rawBody());
        assertEquals("secret created; it is shown only this once", issued.msg());
        String secret = issued.data().getString("secret");
        assertTrue(secret.startsWith("whsec_"), secret);
        assertEquals(secret.substring(secret.length() - 4), issued.data().getString("secret_hint"));

        String orderNo = uniqueOrderNo("signed-json");
        long id = submit(orderNo, url, "\"format\":\"json\"");
        api.awaitStatus(id, "success", WAIT);

        Received request = merchant.receivedWith(orderNo).get(0);
        assertEquals("msg_" + id, request.header("webhook-id"));
        assertDoesNotThrow(() -> new Webhook(secret).verify(request.body(), headers(request)));
        assertThrows(WebhookVerificationException.class,
                () -> new Webhook("whsec_" + "B".repeat(32)).verify(request.body(), headers(request)));

        Answer shown = api.admin("merchant-secret?notify_url=" + URLEncoder.encode(url, StandardCharsets.UTF_8));
        assertEquals(200, shown.status(), shown.rawBody());
        assertTrue(shown.data().isNull("secret"), "the secret is never shown again: " + shown.rawBody());
        assertFalse(shown.rawBody().contains(secret.substring(6, 20)));
        JsonObject audit = api.admin("audit?limit=1").data().getJsonArray("list").getJsonObject(0);
        assertEquals("merchant-secret", audit.getString("action"));
        assertFalse(audit.toString().contains(secret.substring(6, 20)), "the audit record has no secret: " + audit);
    }

    @Test
    void anMd5SignedFormDeliveryVerifiesTheEpayWayAndRotationSendsBothSigns() throws Exception {
        String url = merchant.url("/ok/epay-" + uniqueOrderNo("m"));
        String key = "89unJUB8HZ54Hj7x4nUj56HN4nUzUJ8i";
        Answer issued = issue("{\"notify_url\":\"" + url + "\",\"sign_type\":\"MD5\",\"secret\":\"" + key + "\"}");
        assertEquals(200, issued.status(), issued.rawBody());
        assertEquals(key, issued.data().getString("secret"));

        String orderNo = uniqueOrderNo("signed-form");
        long id = submit(orderNo, url, null);
        api.awaitStatus(id, "success", WAIT);
        Map<String, String> fields = formFields(merchant.receivedWith(orderNo).get(0).body());
        assertTrue(epayVerifies(fields, key), "epay verification of " + fields);
        assertFalse(epayVerifies(fields, key + "x"));

        Answer rotated = issue("{\"notify_url\":\"" + url + "\",\"grace_hours\":2}");
        assertEquals(200, rotated.status(), rotated.rawBody());
        assertTrue(rotated.msg().startsWith("secret rotated; it is shown only this once; the previous one stays "
                + "valid until "), rotated.msg());
        String newKey = rotated.data().getString("secret");
        assertNotEquals(key, newKey);

        String afterRotation = uniqueOrderNo("rotated");
        long rotatedId = submit(afterRotation, url, null);
        api.awaitStatus(rotatedId, "success", WAIT);
        Received request = merchant.receivedWith(afterRotation).get(0);
        Map<String, String> rotatedFields = formFields(request.body());
        assertTrue(epayVerifies(rotatedFields, newKey), "signed with the new secret");
        Map<String, String> withPrevious = new LinkedHashMap<>(rotatedFields);
        withPrevious.put("sign", request.header("X-Notify-Previous-Sign"));
        assertTrue(epayVerifies(withPrevious, key), "and, in X-Notify-Previous-Sign, with the previous one");

        Answer removed = api.adminPost("remove-merchant-secret", "{\"notify_url\":\"" + url + "\"}");
        assertEquals(200, removed.status(), removed.rawBody());
        String unsigned = uniqueOrderNo("unsigned");
        api.awaitStatus(submit(unsigned, url, null), "success", WAIT);
        Received plain = merchant.receivedWith(unsigned).get(0);
        assertNull(formFields(plain.body()).get("sign"));
        assertNull(plain.header("X-Notify-Previous-Sign"));
    }

    @Test
    void badSecretRequestsAreRefusedNamingTheField() {
        String url = merchant.url("/ok/bad-secret");
        assertRejected(issue("{\"notify_url\":\"" + url + "\",\"sign_type\":\"SHA1\"}"),
                "sign_type must be MD5 or HMAC-SHA256, not \"SHA1\"");
        assertRejected(issue("{\"notify_url\":\"" + url + "\",\"secret\":\"short\"}"),
                "secret must be 16 to 256 characters long, not 5");
        assertRejected(issue("{\"notify_url\":\"" + url + "\",\"grace_hours\":-1}"),
                "grace_hours must be between 0 and 8760, not -1");
        assertRejected(issue("{\"notify_url\":\"http://10.1.1.1/notify\"}"),
                "notify_url points to a blocked address: 10.1.1.1 is private (RFC 1918)");
        assertRejected(issue("{}"), "notify_url is required");
        Answer none = api.admin("merchant-secret?notify_url=" + URLEncoder.encode(url, StandardCharsets.UTF_8));
        assertEquals(404, none.status(), none.rawBody());
    }

    private static void assertRejected(Answer answer, String msgStart) {
        assertEquals(400, answer.status(), answer.rawBody());
        assertTrue(answer.msg().startsWith(msgStart), answer.msg());
    }

    @Test
    void answersCarryTheSecurityHeaders() {
        Answer answer = api.admin("queue-status");
        assertEquals(200, answer.status());
        assertEquals("DENY", answer.header("X-Frame-Options"));
        assertEquals("nosniff", answer.header("X-Content-Type-Options"));
        assertEquals("no-referrer", answer.header("Referrer-Policy"));
        assertTrue(answer.header("Cache-Control").startsWith("no-store"), answer.header("Cache-Control"));
    }
}
