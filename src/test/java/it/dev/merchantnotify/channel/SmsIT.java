package it.dev.merchantnotify.channel;

import static it.dev.merchantnotify.NotifyApi.uniqueOrderNo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi.Answer;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code sms} channel through the real server to stand-ins of Aliyun, Tencent Cloud and Twilio on loopback
 * ({@link SmsProviderStandIns}) that verify each request's signature by the provider's algorithm and answer in its
 * documented shapes: each provider's acceptance recorded with its reference; their codes for an invalid number and a
 * rate limit mapped to {@code invalid_recipient} and {@code throttled}; a wrong signature refused as {@code auth}; the
 * account's daily cap (5 on the test server) holding; an {@code http} → {@code sms} failover route texting the
 * merchant when its callback URL is dead.
 */
class SmsIT extends AgainstServer {

    private static SmsProviderStandIns providers;
    private static LocalSmsc smsc;

    @BeforeAll
    static void startTheProviders() throws Exception {
        providers = SmsProviderStandIns.start();
        smsc = LocalSmsc.start();
    }

    @AfterAll
    static void stopTheProviders() {
        if (providers != null) {
            providers.close();
        }
        if (smsc != null) {
            smsc.close();
        }
    }

    /** A mobile number of mainland China no other test uses. */
    private static String mobile() {
        return "+86138" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
    }

    private String newAccount() {
        String merchantNo = "SMS-" + UUID.randomUUID().toString().substring(0, 8);
        Answer created = api.adminPost("accounts", "{\"merchant_no\":\"" + merchantNo + "\",\"name\":\"Text shop\"}");
        assertEquals(201, created.status(), created.rawBody());
        return merchantNo;
    }

    private JsonObject destination(String merchantNo, String name, String settings) {
        Answer created = api.adminPost("accounts/" + merchantNo + "/destinations", "{\"name\":\"" + name
                + "\",\"type\":\"sms\",\"settings\":" + settings + "}");
        assertEquals(201, created.status(), created.rawBody());
        return created.data();
    }

    private void route(String merchantNo, String strategy, String tiers) {
        Answer created = api.adminPost("accounts/" + merchantNo + "/routes", "{\"event_pattern\":\"*\",\"strategy\":\""
                + strategy + "\",\"tiers\":" + tiers + "}");
        assertEquals(201, created.status(), created.rawBody());
    }

    private long submit(String merchantNo, String orderNo) {
        Answer answer = api.submit("{\"order_no\":\"" + orderNo + "\",\"merchant_no\":\"" + merchantNo
                + "\",\"event\":\"order.paid\",\"payload\":{\"order_no\":\"" + orderNo + "\",\"amount\":\"99.00\"}}");
        assertEquals(202, answer.status(), answer.rawBody());
        return answer.data().getJsonNumber("id").longValue();
    }

    private JsonObject test(String merchantNo, String name) {
        Answer test = api.adminPost("accounts/" + merchantNo + "/destinations/" + name + "/test", "{}");
        assertEquals(200, test.status(), test.rawBody());
        return test.data();
    }

    private static JsonObject lastDelivery(JsonObject notification) {
        var deliveries = notification.getJsonArray("deliveries");
        return deliveries.getJsonObject(deliveries.size() - 1);
    }

    private static String aliyun(String to) {
        return "{\"to\":\"" + to + "\",\"provider\":\"aliyun\",\"sign_name\":\"收款通知\",\"templates\":{\"*\":"
                + "{\"template_code\":\"SMS_154950909\",\"params\":{\"order\":\"{order_no}\",\"amount\":"
                + "\"{payload.amount}\"}}}}";
    }

    private static String tencent(String to) {
        return "{\"to\":[\"" + to + "\"],\"provider\":\"tencent\",\"sign_name\":\"收款通知\",\"templates\":{\"*\":"
                + "{\"template_id\":\"1110\",\"params\":[\"{order_no}\",\"{payload.amount}\"]}}}";
    }

    private static String twilio(String to) {
        return "{\"to\":\"" + to + "\",\"provider\":\"twilio\"}";
    }

    @Test
    void eachProviderAcceptsTheSignedRequestAndItsReferenceIsRecorded() {
        String merchantNo = newAccount();
        String a = mobile();
        String t = mobile();
        String w = mobile();
        JsonObject created = destination(merchantNo, "aliyun", aliyun(a));
        assertEquals("sms:" + a + " via aliyun", created.getString("address"));
        destination(merchantNo, "tencent", tencent(t));
        destination(merchantNo, "twilio", twilio(w));
        route(merchantNo, "broadcast", "[[{\"destination\":\"aliyun\",\"role\":\"required\"},{\"destination\":"
                + "\"tencent\",\"role\":\"required\"},{\"destination\":\"twilio\",\"role\":\"required\"}]]");
        String orderNo = uniqueOrderNo("sms");
        long id = submit(merchantNo, orderNo);
        api.awaitStatus(id, "success", WAIT);

        SmsProviderStandIns.Sent byAliyun = providers.sentTo(a.substring(3)).get(0);
        assertEquals("收款通知", byAliyun.signName());
        assertEquals("SMS_154950909", byAliyun.template());
        assertEquals(Map.of("order", orderNo, "amount", "99.00"), byAliyun.named());
        SmsProviderStandIns.Sent byTencent = providers.sentTo(t).get(0);
        assertEquals("1110", byTencent.template());
        assertEquals(List.of(orderNo, "99.00"), byTencent.positional());
        SmsProviderStandIns.Sent byTwilio = providers.sentTo(w).get(0);
        assertEquals("订单 " + orderNo + " 已支付成功。", byTwilio.text());

        // Each copy's attempt: delivered with its provider's reference; Aliyun and Tencent echo the copy's id.
        var copies = api.notification(id).getJsonArray("copies");
        assertEquals(3, copies.size(), copies.toString());
        Map<String, SmsProviderStandIns.Sent> byReference = Map.of(byAliyun.reference(), byAliyun,
                byTencent.reference(), byTencent, byTwilio.reference(), byTwilio);
        for (var item : copies) {
            long copyId = item.asJsonObject().getJsonNumber("id").longValue();
            JsonObject attempt = lastDelivery(api.notification(copyId));
            assertEquals("sms", attempt.getString("channel"), attempt.toString());
            assertTrue(attempt.getBoolean("success"), attempt.toString());
            SmsProviderStandIns.Sent sent = byReference.get(attempt.getString("provider_ref"));
            assertTrue(sent != null, "the attempt's reference is the provider's: " + attempt);
            assertTrue(attempt.getString("response_excerpt").startsWith("accepted +86"), attempt.toString());
            if (!sent.provider().equals("twilio")) {
                assertEquals(String.valueOf(copyId), sent.echoed());
            }
            // Then the provider's receipt confirms it (posted back: Twilio signed, Aliyun and Tencent with their token).
            JsonObject receipt = awaitReceipt(copyId, "confirmed");
            assertTrue(receipt.getString("recipient").startsWith("+86"), receipt.toString());
            assertFalse(receipt.isNull("confirmed_at"), receipt.toString());
        }
        assertTrue(providers.receiptAnswers().stream().noneMatch(r -> r.contains(" 403 ") || r.contains("failed")),
                providers.receiptAnswers().toString());
        Answer log = api.admin("logs?order_no=" + orderNo);
        assertEquals(200, log.status(), log.rawBody());
        assertTrue(log.rawBody().contains("\"receipt\":\"confirmed\""), log.rawBody());
    }

    /** Waits until the last attempt of a notification has a receipt in {@code state}, and returns it. */
    private JsonObject awaitReceipt(long notificationId, String state) {
        JsonObject[] found = new JsonObject[1];
        it.dev.merchantnotify.NotifyApi.await(() -> {
            JsonObject attempt = lastDelivery(api.notification(notificationId));
            var receipts = attempt.getJsonArray("receipts");
            if (receipts == null || receipts.isEmpty()) {
                return false;
            }
            found[0] = receipts.getJsonObject(0);
            return state.equals(found[0].getString("state"));
        }, "a receipt " + state + " for notification " + notificationId, java.time.Duration.ofSeconds(15));
        return found[0];
    }

    @Test
    void providerCodesForAnInvalidNumberAndARateLimitHaveTheirKinds() {
        String merchantNo = newAccount();
        String invalidA = mobile();
        String limitedA = mobile();
        String invalidT = mobile();
        String limitedT = mobile();
        String invalidW = mobile();
        String limitedW = mobile();
        providers.refuse("aliyun", invalidA.substring(3), "isv.MOBILE_NUMBER_ILLEGAL");
        providers.refuse("aliyun", limitedA.substring(3), "isv.BUSINESS_LIMIT_CONTROL");
        providers.refuse("tencent", invalidT, "InvalidParameterValue.IncorrectPhoneNumber");
        providers.refuse("tencent", limitedT, "LimitExceeded.PhoneNumberThirtySecondLimit");
        providers.refuse("twilio", invalidW, "21211");
        providers.refuse("twilio", limitedW, "20429");
        Map<String, String> expected = Map.of(
                "a-invalid", "invalid_recipient", "a-limited", "throttled",
                "t-invalid", "invalid_recipient", "t-limited", "throttled",
                "w-invalid", "invalid_recipient", "w-limited", "throttled");
        destination(merchantNo, "a-invalid", aliyun(invalidA));
        destination(merchantNo, "a-limited", aliyun(limitedA));
        destination(merchantNo, "t-invalid", tencent(invalidT));
        destination(merchantNo, "t-limited", tencent(limitedT));
        destination(merchantNo, "w-invalid", twilio(invalidW));
        destination(merchantNo, "w-limited", twilio(limitedW));
        for (Map.Entry<String, String> kind : expected.entrySet()) {
            JsonObject outcome = test(merchantNo, kind.getKey());
            assertFalse(outcome.getBoolean("success"), outcome.toString());
            assertEquals(kind.getValue(), outcome.getString("error_kind"), kind.getKey() + ": " + outcome);
        }
        JsonObject aliyunSaid = test(merchantNo, "a-invalid");
        assertTrue(aliyunSaid.getString("error").contains("isv.MOBILE_NUMBER_ILLEGAL 非法手机号"), aliyunSaid.toString());
        JsonObject twilioSaid = test(merchantNo, "w-invalid");
        assertTrue(twilioSaid.getString("error").contains("21211 The 'To' number " + invalidW
                + " is not a valid phone number."), twilioSaid.toString());

        // Routed: an invalid number fails at its first attempt (not retried); a rate limit is retried.
        String other = newAccount();
        destination(other, "invalid", tencent(invalidT));
        route(other, "single", "[[{\"destination\":\"invalid\"}]]");
        JsonObject failed = api.awaitStatus(submit(other, uniqueOrderNo("sms-bad")), "failed", WAIT);
        assertEquals(1, failed.getJsonArray("deliveries").size(), failed.toString());
        assertEquals("invalid_recipient", lastDelivery(failed).getString("error_kind"));
    }

    @Test
    void theCarriersSmscTakesEachNumberOverSmpp() throws Exception {
        String merchantNo = newAccount();
        String first = mobile();
        String second = mobile();
        destination(merchantNo, "gateway", "{\"to\":[\"" + first + "\",\"" + second + "\"],\"provider\":\"smpp\","
                + "\"templates\":{\"order.paid\":{\"text\":\"订单 {order_no} 已支付，金额 {payload.amount} 元\"}}}");
        route(merchantNo, "single", "[[{\"destination\":\"gateway\"}]]");
        String orderNo = uniqueOrderNo("smpp");
        JsonObject delivered = api.awaitStatus(submit(merchantNo, orderNo), "success", WAIT);
        JsonObject attempt = lastDelivery(delivered);
        assertEquals("sms", attempt.getString("channel"));
        LocalSmsc.Submitted toFirst = smsc.submittedTo(first).get(0);
        LocalSmsc.Submitted toSecond = smsc.submittedTo(second).get(0);
        assertEquals("订单 " + orderNo + " 已支付，金额 99.00 元", toFirst.text());
        assertEquals(8, toFirst.dataCoding(), "UCS-2 for Chinese");
        assertEquals("10690000", toFirst.source());
        assertEquals(toFirst.messageId() + "," + toSecond.messageId(), attempt.getString("provider_ref"));
        long id = delivered.getJsonNumber("id").longValue();
        awaitReceipt(id, "confirmed");
        it.dev.merchantnotify.NotifyApi.await(() -> lastDelivery(api.notification(id)).getJsonArray("receipts")
                .stream().allMatch(r -> "confirmed".equals(r.asJsonObject().getString("state"))), "both confirmed",
                java.time.Duration.ofSeconds(10));

        // A number the carrier could not reach: undelivered with the SMSC's stat and err; one whose receipt never
        // comes stays accepted, awaiting its receipt.
        String unreachable = mobile();
        String silent = mobile();
        smsc.undeliverable(unreachable);
        smsc.silent(silent);
        String notReached = newAccount();
        destination(notReached, "unreachable", "{\"to\":\"" + unreachable + "\",\"provider\":\"smpp\"}");
        route(notReached, "single", "[[{\"destination\":\"unreachable\"}]]");
        long undelivered = api.awaitStatus(submit(notReached, uniqueOrderNo("smpp-no")), "success", WAIT)
                .getJsonNumber("id").longValue();
        JsonObject denied = awaitReceipt(undelivered, "undelivered");
        assertEquals("UNDELIV err:001", denied.getString("reason"), denied.toString());
        String quiet = newAccount();
        destination(quiet, "silent", "{\"to\":\"" + silent + "\",\"provider\":\"smpp\"}");
        route(quiet, "single", "[[{\"destination\":\"silent\"}]]");
        long awaiting = api.awaitStatus(submit(quiet, uniqueOrderNo("smpp-quiet")), "success", WAIT)
                .getJsonNumber("id").longValue();
        Thread.sleep(1000);
        JsonObject pending = lastDelivery(api.notification(awaiting)).getJsonArray("receipts").getJsonObject(0);
        assertEquals("awaiting", pending.getString("state"), pending.toString());
        assertEquals(silent, pending.getString("recipient"));
        assertTrue(pending.isNull("confirmed_at"), pending.toString());

        // The SMSC's codes: an invalid destination address and throttling.
        String invalid = mobile();
        String throttled = mobile();
        smsc.refuse(invalid, 0x0B);
        smsc.refuse(throttled, 0x58);
        destination(merchantNo, "invalid", "{\"to\":\"" + invalid + "\",\"provider\":\"smpp\"}");
        destination(merchantNo, "throttled", "{\"to\":\"" + throttled + "\",\"provider\":\"smpp\"}");
        JsonObject refused = test(merchantNo, "invalid");
        assertEquals("invalid_recipient", refused.getString("error_kind"), refused.toString());
        assertTrue(refused.getString("error").contains("command_status 0x0B (ESME_RINVDSTADR"), refused.toString());
        assertEquals("throttled", test(merchantNo, "throttled").getString("error_kind"));

        // A bind the SMSC refuses: auth, saying what to fix; once it takes the password again, so does the bind.
        String other = newAccount();
        destination(other, "gateway", "{\"to\":\"" + mobile() + "\",\"provider\":\"smpp\"}");
        smsc.expectPassword("another-password");
        try {
            it.dev.merchantnotify.NotifyApi.await(() -> "auth".equals(test(other, "gateway").getString("error_kind", "")),
                    "the bind refused", java.time.Duration.ofSeconds(10));
            assertTrue(test(other, "gateway").getString("error").contains("fix notify.sms.smpp.system-id or password"));
        } finally {
            smsc.expectPassword(LocalSmsc.PASSWORD);
        }
        it.dev.merchantnotify.NotifyApi.await(() -> test(other, "gateway").getBoolean("success"), "bound again",
                java.time.Duration.ofSeconds(10));
    }

    @Test
    void anUndeliveredReceiptIsRecordedAndForgedOnesAreRefused() throws Exception {
        String merchantNo = newAccount();
        String unreachable = mobile();
        providers.undeliverable(unreachable);
        destination(merchantNo, "twilio", twilio(unreachable));
        destination(merchantNo, "tencent", tencent(unreachable));
        route(merchantNo, "single", "[[{\"destination\":\"twilio\"}]]");
        long viaTwilio = api.awaitStatus(submit(merchantNo, uniqueOrderNo("sms-un")), "success", WAIT)
                .getJsonNumber("id").longValue();
        assertEquals("undelivered (30003)", awaitReceipt(viaTwilio, "undelivered").getString("reason"));
        Answer changed = api.adminPut("accounts/" + merchantNo + "/routes/" + api.admin("accounts/" + merchantNo)
                .data().getJsonArray("routes").getJsonObject(0).getJsonNumber("route_id").longValue(),
                "{\"strategy\":\"single\",\"tiers\":[[{\"destination\":\"tencent\"}]]}");
        assertEquals(200, changed.status(), changed.rawBody());
        long viaTencent = api.awaitStatus(submit(merchantNo, uniqueOrderNo("sms-un")), "success", WAIT)
                .getJsonNumber("id").longValue();
        assertEquals("MK:0005 用户手机不在服务区", awaitReceipt(viaTencent, "undelivered").getString("reason"));

        // Receipts with a wrong signature or token are refused and change nothing.
        String reference = lastDelivery(api.notification(viaTwilio)).getString("provider_ref");
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + Integer.getInteger("it.http.port", 9181) + "/callbacks/sms/";
        var forged = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "twilio"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Twilio-Signature", "Zm9yZ2Vk")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("MessageSid=" + reference
                        + "&MessageStatus=delivered&To=" + java.net.URLEncoder.encode(unreachable,
                        java.nio.charset.StandardCharsets.UTF_8))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forged.statusCode());
        var wrongToken = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base
                        + "tencent?token=guess")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("[]")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(403, wrongToken.statusCode());
        assertEquals("undelivered", lastDelivery(api.notification(viaTwilio)).getJsonArray("receipts")
                .getJsonObject(0).getString("state"));
    }

    @Test
    void aWrongSignatureIsRefusedByEveryProvider() {
        String merchantNo = newAccount();
        destination(merchantNo, "aliyun", aliyun(mobile()));
        destination(merchantNo, "tencent", tencent(mobile()));
        destination(merchantNo, "twilio", twilio(mobile()));
        providers.expectSecrets("another-secret", "another-key", "another-token");
        try {
            for (String name : List.of("aliyun", "tencent", "twilio")) {
                JsonObject outcome = test(merchantNo, name);
                assertEquals("auth", outcome.getString("error_kind"), name + ": " + outcome);
            }
            assertTrue(test(merchantNo, "aliyun").getString("error").contains("SignatureDoesNotMatch"));
            assertTrue(test(merchantNo, "tencent").getString("error").contains("AuthFailure.SignatureFailure"));
        } finally {
            providers.expectSecrets(SmsProviderStandIns.ALIYUN_SECRET, SmsProviderStandIns.TENCENT_SECRET_KEY,
                    SmsProviderStandIns.TWILIO_TOKEN);
        }
        assertTrue(test(merchantNo, "tencent").getBoolean("success"));
    }

    @Test
    void theAccountsDailyCapHolds() {
        String merchantNo = newAccount();
        String first = mobile();
        String second = mobile();
        destination(merchantNo, "two", "{\"to\":\"" + first + "," + second + "\",\"provider\":\"twilio\"}");
        route(merchantNo, "single", "[[{\"destination\":\"two\"}]]");
        // Two numbers per notification: two notifications use 4 of the account's 5, the third does not fit.
        for (int i = 0; i < 2; i++) {
            JsonObject delivered = api.awaitStatus(submit(merchantNo, uniqueOrderNo("cap")), "success", WAIT);
            assertEquals(1, delivered.getJsonArray("deliveries").size());
        }
        JsonObject capped = api.awaitStatus(submit(merchantNo, uniqueOrderNo("cap")), "failed", WAIT);
        assertEquals(1, capped.getJsonArray("deliveries").size(), capped.toString());
        assertEquals("daily_cap", lastDelivery(capped).getString("error_kind"));
        assertTrue(capped.getString("last_error").contains("account " + merchantNo + " has used its 5 SMS for "),
                capped.getString("last_error"));
        assertEquals(2, providers.sentTo(first).size());

        // A destination with one number still fits the one left; then the account is done for the day.
        destination(merchantNo, "one", twilio(mobile()));
        assertTrue(test(merchantNo, "one").getBoolean("success"));
        assertEquals("daily_cap", test(merchantNo, "one").getString("error_kind"));
        // Another account has its own count.
        String other = newAccount();
        destination(other, "one", twilio(mobile()));
        assertTrue(test(other, "one").getBoolean("success"));
    }

    @Test
    void aFailoverRouteTextsTheMerchantWhenItsCallbackUrlIsDead() {
        String merchantNo = newAccount();
        String contact = mobile();
        Answer http = api.adminPost("accounts/" + merchantNo + "/destinations", "{\"name\":\"callback\",\"type\":"
                + "\"http\",\"settings\":{\"url\":\"" + merchant.refusedUrl() + "\"}}");
        assertEquals(201, http.status(), http.rawBody());
        destination(merchantNo, "contact", "{\"to\":\"" + contact + "\",\"provider\":\"twilio\",\"language\":\"en\"}");
        route(merchantNo, "failover", "[[{\"destination\":\"callback\"}],[{\"destination\":\"contact\"}]]");
        String orderNo = uniqueOrderNo("sms-fo");
        JsonObject delivered = api.awaitStatus(submit(merchantNo, orderNo), "success", WAIT);
        assertEquals("http", delivered.getJsonArray("deliveries").getJsonObject(0).getString("channel"));
        assertEquals("connect", delivered.getJsonArray("deliveries").getJsonObject(0).getString("error_kind"));
        assertEquals("sms", lastDelivery(delivered).getString("channel"));
        assertEquals("Order " + orderNo + " has been paid.", providers.sentTo(contact).get(0).text());
    }

    @Test
    void theProvidersKeysNeverReachTheServersLog() throws Exception {
        String merchantNo = newAccount();
        destination(merchantNo, "aliyun", aliyun(mobile()));
        destination(merchantNo, "smpp", "{\"to\":\"" + mobile() + "\",\"provider\":\"smpp\"}");
        providers.expectSecrets("another-secret", "another-key", "another-token");
        try {
            assertEquals("auth", test(merchantNo, "aliyun").getString("error_kind"));
        } finally {
            providers.expectSecrets(SmsProviderStandIns.ALIYUN_SECRET, SmsProviderStandIns.TENCENT_SECRET_KEY,
                    SmsProviderStandIns.TWILIO_TOKEN);
        }
        assertTrue(test(merchantNo, "smpp").getBoolean("success"));
        java.nio.file.Path logs = java.nio.file.Path.of("target/liberty/wlp/usr/servers/merchant-notify-it/logs");
        List<String> secrets = List.of(SmsProviderStandIns.ALIYUN_SECRET, SmsProviderStandIns.TENCENT_SECRET_KEY,
                SmsProviderStandIns.TWILIO_TOKEN, LocalSmsc.PASSWORD);
        try (var files = java.nio.file.Files.walk(logs)) {
            for (java.nio.file.Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                String text = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    assertFalse(text.contains(secret), secret + " is in " + file);
                }
            }
        }
    }

    @Test
    void badSettingsAreRefusedNamingTheField() {
        String merchantNo = newAccount();
        String base = "accounts/" + merchantNo + "/destinations";
        Map<String, String> refusals = Map.of(
                "{\"to\":\"+86123\",\"provider\":\"twilio\"}", "settings.to[0] is not a usable address",
                "{\"to\":\"13800138000\",\"provider\":\"twilio\"}", "settings.to[0] is not a usable address",
                "{\"to\":\"" + mobile() + "\",\"provider\":\"nexmo\"}", "settings.provider must be one of aliyun, "
                        + "smpp, tencent, twilio, not nexmo",
                "{\"to\":\"" + mobile() + "\",\"provider\":\"aliyun\",\"sign_name\":\"x\",\"templates\":{"
                        + "\"order.paid\":{\"template_code\":\"SMS_1\"}}}", "settings.templates.* is required",
                "{\"to\":\"" + mobile() + "\",\"provider\":\"tencent\",\"templates\":{\"*\":{\"template_id\":\"1\"}}}",
                "settings.sign_name is required");
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            Answer refused = api.adminPost(base, "{\"name\":\"bad\",\"type\":\"sms\",\"settings\":"
                    + refusal.getKey() + "}");
            assertEquals(400, refused.status(), refused.rawBody());
            assertTrue(refused.rawBody().contains(refusal.getValue()), refusal.getValue() + " in " + refused.rawBody());
        }
        assertEquals(404, api.admin(base + "/bad").status());
    }
}
