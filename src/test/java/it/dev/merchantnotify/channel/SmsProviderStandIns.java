package it.dev.merchantnotify.channel;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stand-ins for the three HTTP SMS providers on loopback (the ports the test server's {@code notify.sms.*.endpoint}
 * names), written from each provider's documentation, independently of the server's code: each verifies every
 * request's signature by the provider's algorithm (Aliyun's signature version 1.0, Tencent Cloud's TC3-HMAC-SHA256,
 * Twilio's HTTP Basic account authentication) and answers a wrong one with the provider's own error, so a wrong
 * signature fails the test; each answers in the provider's documented shapes, with its error codes where a number is
 * told to be refused.
 */
public final class SmsProviderStandIns implements AutoCloseable {

    /** The credentials the test server is configured with (its jvm.options). */
    public static final String ALIYUN_KEY_ID = "it-aliyun-key";
    public static final String ALIYUN_SECRET = "it-aliyun-secret";
    public static final String TENCENT_SECRET_ID = "AKIDit00000000";
    public static final String TENCENT_SECRET_KEY = "it-tencent-key";
    public static final String TENCENT_APP_ID = "1400000001";
    public static final String TWILIO_SID = "ACit0000000000000000000000000000";
    public static final String TWILIO_TOKEN = "it-twilio-token";
    public static final String TWILIO_FROM = "+15005550006";

    /** One message a provider accepted. */
    public record Sent(String provider, List<String> numbers, String signName, String template,
                       Map<String, String> named, List<String> positional, String text, String reference,
                       String echoed) {
    }

    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    /** Numbers told to be refused, with the provider code to refuse them with (per provider). */
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private final AtomicInteger serial = new AtomicInteger(1000);
    private volatile String aliyunSecret = ALIYUN_SECRET;
    private volatile String tencentKey = TENCENT_SECRET_KEY;
    private volatile String twilioToken = TWILIO_TOKEN;
    /** Numbers whose receipts say the message did not reach them. */
    private final Map<String, Boolean> undeliverable = new ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService receipts =
            Executors.newSingleThreadScheduledExecutor();
    private final java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    private final String server = "http://127.0.0.1:" + Integer.getInteger("it.http.port", 9181);
    /** Receipts the server answered, by provider: its status code and body. */
    private final List<String> receiptAnswers = new CopyOnWriteArrayList<>();

    private SmsProviderStandIns() throws IOException {
        serve(Integer.getInteger("it.sms.aliyun.port", 9326), this::aliyun);
        serve(Integer.getInteger("it.sms.tencent.port", 9327), this::tencent);
        serve(Integer.getInteger("it.sms.twilio.port", 9328), this::twilio);
    }

    public static SmsProviderStandIns start() throws IOException {
        return new SmsProviderStandIns();
    }

    private interface Handler {
        void handle(HttpExchange exchange, String body) throws Exception;
    }

    private void serve(int port, Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                handler.handle(exchange, body);
            } catch (Exception e) {
                answer(exchange, 500, "{\"error\":\"" + e + "\"}");
            }
        });
        server.setExecutor(workers);
        server.start();
        servers.add(server);
    }

    /** From now on, {@code provider} refuses {@code number} with {@code code} (its own code). */
    public void refuse(String provider, String number, String code) {
        refusals.put(provider + "|" + number, code);
    }

    /** The stand-ins check signatures with these secrets from now on (other than the server's: every request fails). */
    public void expectSecrets(String aliyun, String tencent, String twilio) {
        aliyunSecret = aliyun;
        tencentKey = tencent;
        twilioToken = twilio;
    }

    /** The receipts for {@code number} (E.164) say the message did not reach it. */
    public void undeliverable(String number) {
        undeliverable.put(number, true);
    }

    /** How the server answered each receipt posted to it: {@code provider status body}. */
    public List<String> receiptAnswers() {
        return List.copyOf(receiptAnswers);
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** What was accepted for {@code number}. */
    public List<Sent> sentTo(String number) {
        return sent.stream().filter(s -> s.numbers().contains(number)).toList();
    }

    // --- Aliyun: RPC SendSms, signature version 1.0 -------------------------------------------------------------

    private void aliyun(HttpExchange exchange, String body) throws Exception {
        Map<String, String> form = form(body);
        String given = form.remove("Signature");
        TreeMap<String, String> sorted = new TreeMap<>(form);
        StringBuilder canonical = new StringBuilder();
        sorted.forEach((name, value) -> canonical.append(canonical.isEmpty() ? "" : "&").append(aliyunEncode(name))
                .append('=').append(aliyunEncode(value)));
        String stringToSign = exchange.getRequestMethod() + "&" + aliyunEncode("/") + "&"
                + aliyunEncode(canonical.toString());
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec((aliyunSecret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        String requestId = UUID.randomUUID().toString().toUpperCase();
        if (!ALIYUN_KEY_ID.equals(form.get("AccessKeyId"))) {
            answer(exchange, 404, "{\"RequestId\":\"" + requestId + "\",\"Code\":\"InvalidAccessKeyId.NotFound\","
                    + "\"Message\":\"Specified access key is not found.\"}");
            return;
        }
        if (!expected.equals(given) || !"HMAC-SHA1".equals(form.get("SignatureMethod"))
                || !"1.0".equals(form.get("SignatureVersion")) || form.get("SignatureNonce") == null) {
            answer(exchange, 400, "{\"RequestId\":\"" + requestId + "\",\"Code\":\"SignatureDoesNotMatch\","
                    + "\"Message\":\"Specified signature is not matched with our calculation.\"}");
            return;
        }
        Instant stamp = Instant.parse(form.get("Timestamp"));
        if (Math.abs(stamp.getEpochSecond() - Instant.now().getEpochSecond()) > 900
                || !"SendSms".equals(form.get("Action")) || !"2017-05-25".equals(form.get("Version"))) {
            answer(exchange, 400, "{\"RequestId\":\"" + requestId + "\",\"Code\":\"InvalidTimeStamp.Expired\","
                    + "\"Message\":\"Specified time stamp or date value is expired.\"}");
            return;
        }
        List<String> numbers = List.of(form.get("PhoneNumbers").split(","));
        for (String number : numbers) {
            String code = refusals.get("aliyun|" + number);
            if (code != null) {
                answer(exchange, 200, "{\"RequestId\":\"" + requestId + "\",\"Code\":\"" + code + "\",\"Message\":\""
                        + (code.equals("isv.MOBILE_NUMBER_ILLEGAL") ? "非法手机号" : "触发号码天级流控Permits:10")
                        + "\"}");
                return;
            }
        }
        Map<String, String> named = new LinkedHashMap<>();
        JsonObject params = Json.createReader(new StringReader(form.get("TemplateParam"))).readObject();
        params.forEach((name, value) -> named.put(name, ((jakarta.json.JsonString) value).getString()));
        String bizId = serial.incrementAndGet() + "^0";
        sent.add(new Sent("aliyun", numbers, form.get("SignName"), form.get("TemplateCode"), named, List.of(), null,
                bizId, form.get("OutId")));
        JsonArrayBuilder reports = Json.createArrayBuilder();
        for (String number : numbers) {
            boolean reached = !undeliverable.containsKey("+86" + number);
            reports.add(Json.createObjectBuilder().add("phone_number", number).add("send_time", "2026-12-03 08:00:00")
                    .add("report_time", "2026-12-03 08:00:01").add("success", reached)
                    .add("err_code", reached ? "DELIVERED" : "MK:0001").add("err_msg", reached ? "用户接收成功" : "空号")
                    .add("sms_size", "1").add("biz_id", bizId).add("out_id", form.get("OutId")));
        }
        postReceipt("aliyun", "/callbacks/sms/aliyun?token=it-aliyun-token", "application/json",
                reports.build().toString(), null);
        answer(exchange, 200, "{\"Message\":\"OK\",\"RequestId\":\"" + requestId + "\",\"BizId\":\"" + bizId
                + "\",\"Code\":\"OK\"}");
    }

    private static String aliyunEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    // --- Tencent Cloud: API 3.0 SendSms, TC3-HMAC-SHA256 ----------------------------------------------------------

    private void tencent(HttpExchange exchange, String body) throws Exception {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String timestamp = exchange.getRequestHeaders().getFirst("X-TC-Timestamp");
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String host = exchange.getRequestHeaders().getFirst("Host");
        String requestId = UUID.randomUUID().toString();
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochSecond(Long.parseLong(timestamp)));
        String canonicalRequest = "POST\n" + exchange.getRequestURI().getRawPath() + "\n"
                + (exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery()) + "\n"
                + "content-type:" + contentType.toLowerCase() + "\nhost:" + host + "\n\n"
                + "content-type;host\n" + sha256(body);
        String scope = date + "/sms/tc3_request";
        String stringToSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + sha256(canonicalRequest);
        byte[] key = hmac256(("TC3" + tencentKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac256(key, "sms");
        key = hmac256(key, "tc3_request");
        String signature = HexFormat.of().formatHex(hmac256(key, stringToSign));
        String expected = "TC3-HMAC-SHA256 Credential=" + TENCENT_SECRET_ID + "/" + scope
                + ", SignedHeaders=content-type;host, Signature=" + signature;
        if (!expected.equals(authorization) || !"SendSms".equals(exchange.getRequestHeaders().getFirst("X-TC-Action"))
                || !"2021-01-11".equals(exchange.getRequestHeaders().getFirst("X-TC-Version"))) {
            answer(exchange, 200, "{\"Response\":{\"Error\":{\"Code\":\"AuthFailure.SignatureFailure\",\"Message\":"
                    + "\"The provided credentials could not be validated. Please check your signature is correct.\"},"
                    + "\"RequestId\":\"" + requestId + "\"}}");
            return;
        }
        JsonObject request = Json.createReader(new StringReader(body)).readObject();
        if (!TENCENT_APP_ID.equals(request.getString("SmsSdkAppId", ""))) {
            answer(exchange, 200, "{\"Response\":{\"Error\":{\"Code\":\"InvalidParameterValue.SdkAppIdNotExist\","
                    + "\"Message\":\"SdkAppId not exist.\"},\"RequestId\":\"" + requestId + "\"}}");
            return;
        }
        List<String> positional = request.getJsonArray("TemplateParamSet").getValuesAs(
                jakarta.json.JsonString::getString);
        JsonArrayBuilder statuses = Json.createArrayBuilder();
        List<String> accepted = new ArrayList<>();
        for (JsonValue value : request.getJsonArray("PhoneNumberSet")) {
            String number = ((jakarta.json.JsonString) value).getString();
            String code = refusals.getOrDefault("tencent|" + number, "Ok");
            String serialNo = code.equals("Ok") ? "2433:" + serial.incrementAndGet() : "";
            if (code.equals("Ok")) {
                accepted.add(number);
                sent.add(new Sent("tencent", List.of(number), request.getString("SignName"),
                        request.getString("TemplateId"), Map.of(), positional, null, serialNo,
                        request.getString("SessionContext", "")));
            }
            statuses.add(Json.createObjectBuilder().add("SerialNo", serialNo).add("PhoneNumber", number)
                    .add("Fee", code.equals("Ok") ? 1 : 0).add("SessionContext", request.getString("SessionContext", ""))
                    .add("Code", code).add("Message", code.equals("Ok") ? "send success" : code.startsWith("LimitExceeded")
                            ? "the number of sms messages sent from a single mobile number every 30 seconds exceeds "
                            + "the upper limit" : "incorrect phone number format").add("IsoCode", "CN"));
        }
        answer(exchange, 200, Json.createObjectBuilder().add("Response", Json.createObjectBuilder()
                .add("SendStatusSet", statuses).add("RequestId", requestId)).build().toString());
        JsonArrayBuilder reports = Json.createArrayBuilder();
        for (Sent one : sent) {
            if (one.provider().equals("tencent") && accepted.contains(one.numbers().get(0))
                    && one.echoed().equals(request.getString("SessionContext", ""))) {
                String number = one.numbers().get(0);
                boolean reached = !undeliverable.containsKey(number);
                reports.add(Json.createObjectBuilder().add("user_receive_time", "2026-12-03 08:00:01")
                        .add("nationcode", "86").add("mobile", number.substring(3))
                        .add("report_status", reached ? "SUCCESS" : "FAIL").add("errmsg", reached ? "DELIVRD" : "MK:0005")
                        .add("description", reached ? "用户短信送达成功" : "用户手机不在服务区").add("sid", one.reference()));
            }
        }
        postReceipt("tencent", "/callbacks/sms/tencent?token=it-tencent-token", "application/json",
                reports.build().toString(), null);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac256(byte[] key, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    // --- Twilio: Programmable Messaging, account Basic authentication -------------------------------------------

    private void twilio(HttpExchange exchange, String body) throws Exception {
        String expectedAuth = "Basic " + Base64.getEncoder().encodeToString((TWILIO_SID + ":" + twilioToken)
                .getBytes(StandardCharsets.UTF_8));
        if (!expectedAuth.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"code\":20003,\"message\":\"Authenticate\",\"more_info\":"
                    + "\"https://www.twilio.com/docs/errors/20003\",\"status\":401}");
            return;
        }
        if (!exchange.getRequestURI().getPath().equals("/2010-04-01/Accounts/" + TWILIO_SID + "/Messages.json")) {
            answer(exchange, 404, "{\"code\":20404,\"message\":\"The requested resource was not found\","
                    + "\"status\":404}");
            return;
        }
        Map<String, String> form = form(body);
        String to = form.get("To");
        String code = refusals.get("twilio|" + to);
        if (code != null) {
            int status = code.equals("20429") ? 429 : 400;
            answer(exchange, status, "{\"code\":" + code + ",\"message\":\"" + (code.equals("21211")
                    ? "The 'To' number " + to + " is not a valid phone number." : "Too Many Requests")
                    + "\",\"more_info\":\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":" + status + "}");
            return;
        }
        String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
        sent.add(new Sent("twilio", List.of(to), null, null, Map.of(), List.of(), form.get("Body"), sid,
                form.getOrDefault("StatusCallback", "")));
        String callback = form.get("StatusCallback");
        if (callback != null) {
            boolean reached = !undeliverable.containsKey(to);
            TreeMap<String, String> status = new TreeMap<>();
            status.put("AccountSid", TWILIO_SID);
            status.put("ApiVersion", "2010-04-01");
            status.put("From", form.getOrDefault("From", ""));
            status.put("MessageSid", sid);
            status.put("MessageStatus", reached ? "delivered" : "undelivered");
            status.put("SmsSid", sid);
            status.put("SmsStatus", reached ? "delivered" : "undelivered");
            status.put("To", to);
            if (!reached) {
                status.put("ErrorCode", "30003");
            }
            StringBuilder signed = new StringBuilder(callback);
            status.forEach((name, value) -> signed.append(name).append(value));
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(TWILIO_TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String signature = Base64.getEncoder().encodeToString(mac.doFinal(signed.toString()
                    .getBytes(StandardCharsets.UTF_8)));
            StringBuilder body2 = new StringBuilder();
            status.forEach((name, value) -> body2.append(body2.isEmpty() ? "" : "&")
                    .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
            postReceipt("twilio", callback.substring(server.length()), "application/x-www-form-urlencoded",
                    body2.toString(), signature);
        }
        answer(exchange, 201, Json.createObjectBuilder().add("account_sid", TWILIO_SID).add("sid", sid)
                .add("to", to).add("from", form.getOrDefault("From", "")).add("body", form.get("Body"))
                .add("status", "queued").add("num_segments", "1").add("direction", "outbound-api")
                .add("date_created", Instant.now().toString()).build().toString());
    }

    /** Posts a receipt to the server after the acceptance was answered, as the providers do. */
    private void postReceipt(String provider, String path, String contentType, String body, String twilioSignature) {
        receipts.schedule(() -> {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server + path))
                    .header("Content-Type", contentType)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
            if (twilioSignature != null) {
                request.header("X-Twilio-Signature", twilioSignature);
            }
            try {
                var answer = client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                receiptAnswers.add(provider + " " + answer.statusCode() + " " + answer.body());
            } catch (Exception e) {
                receiptAnswers.add(provider + " failed " + e);
            }
        }, 300, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        servers.forEach(one -> one.stop(0));
        workers.shutdownNow();
        receipts.shutdownNow();
    }
}
