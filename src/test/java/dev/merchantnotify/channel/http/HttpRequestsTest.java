package dev.merchantnotify.channel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.standardwebhooks.Webhook;
import dev.merchantnotify.channel.Attempt;
import dev.merchantnotify.channel.Target;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import dev.merchantnotify.signing.FormSignature;
import dev.merchantnotify.signing.SignType;
import dev.merchantnotify.signing.SigningKeys;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpRequestsTest {

    @Test
    void formBodyEncodesFieldsInOrderWithScalarsAsWritten() {
        assertEquals("order_no=BY1&amount=12.50&paid=true&count=3&memo=&name=%E5%BC%A0+%26+co",
                HttpRequests.formBody(HttpRequests.formFields("{\"order_no\":\"BY1\",\"amount\":\"12.50\","
                        + "\"paid\":true,\"count\":3,\"memo\":null,\"name\":\"张 & co\"}")));
    }

    @Test
    void requestCarriesTheContractHeaders() {
        Attempt task = new Attempt(42, "BY1", "order.paid", "{\"a\":1}", 3, java.time.Instant.EPOCH,
                Target.notifyUrl("0123456789abcdef", "http://shop.example/notify?x=1", DeliveryFormat.JSON));
        HttpRequest request = HttpRequests.build(task, null, java.time.Instant.EPOCH);
        assertEquals("http://shop.example/notify?x=1", request.uri().toString());
        assertEquals("42", request.header("X-Notify-Id"));
        assertEquals("3", request.header("X-Notify-Attempt"));
        assertEquals("application/json; charset=utf-8", request.header("Content-Type"));
        assertEquals(HttpRequests.USER_AGENT, request.header("User-Agent"));
        assertEquals("{\"a\":1}", request.body());
    }

    private static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");

    private static Attempt task(DeliveryFormat format, String payload) {
        return new Attempt(42, "BY1", "order.paid", payload, 1, NOW,
                Target.notifyUrl("0123456789abcdef", "https://shop.example/notify", format));
    }

    @Test
    void aFormDeliveryOfAMerchantWithASecretCarriesSignAndSignType() {
        SigningKeys keys = new SigningKeys(SignType.MD5, "89unJUB8HZ54Hj7x4nUj56HN4nUzUJ8i", null, null);
        HttpRequest request = HttpRequests.build(task(DeliveryFormat.FORM,
                "{\"out_trade_no\":\"BY1\",\"money\":\"1.00\",\"memo\":null,\"sign\":\"forged\"}"), keys, NOW);

        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("out_trade_no", "BY1");
        fields.put("money", "1.00");
        fields.put("memo", "");
        String sign = FormSignature.sign(fields, SignType.MD5, keys.secret());
        assertEquals("out_trade_no=BY1&money=1.00&memo=&sign=" + sign + "&sign_type=MD5", request.body());
        assertNull(request.header(HttpRequests.PREVIOUS_SIGN_HEADER));
        assertNull(request.header("webhook-signature"), "form deliveries are signed in the body");
    }

    @Test
    void duringARotationBothFormSignaturesAreSent() {
        SigningKeys keys = new SigningKeys(SignType.HMAC_SHA256, "new-key-0123456789", "old-key-0123456789",
                NOW.plusSeconds(60));
        HttpRequest during = HttpRequests.build(task(DeliveryFormat.FORM, "{\"a\":\"1\"}"), keys, NOW);
        assertEquals("a=1&sign=" + FormSignature.sign(Map.of("a", "1"), SignType.HMAC_SHA256, "new-key-0123456789")
                + "&sign_type=HMAC-SHA256", during.body());
        assertEquals(FormSignature.sign(Map.of("a", "1"), SignType.HMAC_SHA256, "old-key-0123456789"),
                during.header(HttpRequests.PREVIOUS_SIGN_HEADER));

        HttpRequest after = HttpRequests.build(task(DeliveryFormat.FORM, "{\"a\":\"1\"}"), keys,
                NOW.plusSeconds(60));
        assertNull(after.header(HttpRequests.PREVIOUS_SIGN_HEADER));
    }

    @Test
    void aJsonDeliveryCarriesStandardWebhooksHeadersThatTheReferenceVerifierAccepts() throws Exception {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String previous = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        Instant now = Instant.now();
        SigningKeys keys = new SigningKeys(SignType.MD5, secret, previous, now.plusSeconds(3600));
        HttpRequest request = HttpRequests.build(task(DeliveryFormat.JSON, "{\"order_no\":\"BY1\"}"), keys,
                now);

        assertEquals("msg_42", request.header("webhook-id"));
        assertEquals(String.valueOf(now.getEpochSecond()), request.header("webhook-timestamp"));
        assertEquals(2, request.header("webhook-signature").split(" ").length);
        Map<String, List<String>> headers = new HashMap<>();
        request.headers().forEach((name, value) -> headers.put(name, List.of(value)));
        new Webhook(secret).verify(request.body(), headers);
        new Webhook(previous).verify(request.body(), headers);
    }

    @Test
    void aMerchantWithoutASecretGetsNoSignature() {
        HttpRequest json = HttpRequests.build(task(DeliveryFormat.JSON, "{}"), null, NOW);
        assertNull(json.header("webhook-id"));
        HttpRequest form = HttpRequests.build(task(DeliveryFormat.FORM, "{\"sign\":\"theirs\"}"), null, NOW);
        assertEquals("sign=theirs", form.body(), "an unsigned merchant's payload is passed as it is");
    }
}
