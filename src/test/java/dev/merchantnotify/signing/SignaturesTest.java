package dev.merchantnotify.signing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    /** The example of the Standard Webhooks specification and its reference libraries. */
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    /** epay's documented example key. */
    private static final String EPAY_KEY = "89unJUB8HZ54Hj7x4nUj56HN4nUzUJ8i";

    private static Map<String, String> epayFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("pid", "1001");
        fields.put("type", "alipay");
        fields.put("out_trade_no", "20160806151343349");
        fields.put("notify_url", "http://www.pay.com/notify_url.php");
        fields.put("return_url", "http://www.pay.com/return_url.php");
        fields.put("name", "VIP会员");
        fields.put("money", "1.00");
        fields.put("sitename", "商户");
        fields.put("param", "");
        fields.put("sign", "ignored");
        fields.put("sign_type", "MD5");
        return fields;
    }

    @Test
    void webhookSignatureMatchesTheSpecificationsExample() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.sign(SPEC_SECRET,
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
    }

    @Test
    void theReferenceVerifierAcceptsOurSignaturesAndRefusesOthers() throws Exception {
        long now = Instant.now().getEpochSecond();
        String body = "{\"order_no\":\"BY1\",\"amount\":\"12.50\"}";
        String signature = WebhookSignature.sign(SPEC_SECRET, "msg_42", now, body);
        Map<String, List<String>> headers = Map.of("webhook-id", List.of("msg_42"),
                "webhook-timestamp", List.of(String.valueOf(now)), "webhook-signature", List.of(signature));

        assertDoesNotThrow(() -> new Webhook(SPEC_SECRET).verify(body, headers));
        assertThrows(WebhookVerificationException.class, () -> new Webhook(SPEC_SECRET).verify(body + " ", headers));
        assertThrows(WebhookVerificationException.class,
                () -> new Webhook("whsec_" + "A".repeat(32)).verify(body, headers));
    }

    @Test
    void anImportedSecretThatIsNotWhsecSignsWithItsBytes() throws Exception {
        long now = Instant.now().getEpochSecond();
        String secret = "merchant-own-key-0123456789";
        String signature = WebhookSignature.sign(secret, "msg_7", now, "{}");
        assertDoesNotThrow(() -> new Webhook(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)).verify("{}",
                Map.of("webhook-id", List.of("msg_7"), "webhook-timestamp", List.of(String.valueOf(now)),
                        "webhook-signature", List.of(signature))));
    }

    @Test
    void formSignatureSortsDropsEmptiesAndSignsTheEpayWay() {
        assertEquals("money=1.00&name=VIP会员&notify_url=http://www.pay.com/notify_url.php&out_trade_no="
                + "20160806151343349&pid=1001&return_url=http://www.pay.com/return_url.php&sitename=商户&type=alipay",
                FormSignature.signedString(epayFields()));
        // printf '%s%s' "$string" "$key" | md5sum
        assertEquals("4f595bff00151285f7074e600baf33df", FormSignature.sign(epayFields(), SignType.MD5, EPAY_KEY));
        // printf '%s' "$string" | openssl dgst -sha256 -hmac "$key"
        assertEquals("e0d9b7a9a21a970e60462e9930ae430ef51917c3bf9afe884a22ac2a0d8ee2f1",
                FormSignature.sign(epayFields(), SignType.HMAC_SHA256, EPAY_KEY));
    }

    @Test
    void signTypesHaveTheirApiNames() {
        assertEquals(SignType.HMAC_SHA256, SignType.fromApiName("hmac-sha256").orElseThrow());
        assertEquals(SignType.MD5, SignType.fromApiName("MD5").orElseThrow());
        assertEquals("HMAC-SHA256", SignType.HMAC_SHA256.apiName());
    }

    @Test
    void suppliedSecretsAreChecked() {
        assertDoesNotThrow(() -> MerchantSecrets.checkSupplied(EPAY_KEY));
        assertDoesNotThrow(() -> MerchantSecrets.checkSupplied(SPEC_SECRET));
        assertEquals("must be 16 to 256 characters long, not 5", assertThrows(IllegalArgumentException.class,
                () -> MerchantSecrets.checkSupplied("short")).getMessage());
        assertEquals("must be printable ASCII without spaces", assertThrows(IllegalArgumentException.class,
                () -> MerchantSecrets.checkSupplied("with space inside the key")).getMessage());
        assertEquals("starts with whsec_ but holds 12 bytes; Standard Webhooks secrets hold 24 to 64",
                assertThrows(IllegalArgumentException.class,
                        () -> MerchantSecrets.checkSupplied("whsec_AAAAAAAAAAAAAAAA")).getMessage());
    }

    @Test
    void theSecretsInForceFollowTheGracePeriod() {
        Instant until = Instant.parse("2026-11-25T00:00:00Z");
        SigningKeys keys = new SigningKeys(SignType.MD5, "new-secret-0123456", "old-secret-0123456", until);
        assertEquals(List.of("new-secret-0123456", "old-secret-0123456"), keys.secretsAt(until.minusSeconds(1)));
        assertEquals(List.of("new-secret-0123456"), keys.secretsAt(until));
    }
}
