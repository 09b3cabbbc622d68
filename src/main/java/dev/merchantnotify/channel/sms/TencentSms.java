package dev.merchantnotify.channel.sms;

import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.FailureKind;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tencent Cloud SMS (API 3.0, version 2021-01-11): {@code SendSms} as a JSON POST signed with TC3-HMAC-SHA256 (the
 * canonical request over {@code content-type} and {@code host}, the string to sign with the date's credential scope
 * {@code <date>/sms/tc3_request}, the key derived from {@code "TC3" + SecretKey} through the date, the service and
 * {@code tc3_request}). All the message's numbers go in one call; each gets its own {@code SendStatusSet} entry, whose
 * {@code SerialNo} is its reference; the notification's id goes as {@code SessionContext}.
 *
 * <p>Codes: {@code Ok} accepted; {@code LimitExceeded.*} and {@code RequestLimitExceeded*} {@code throttled};
 * {@code InvalidParameterValue.IncorrectPhoneNumber}, {@code FailedOperation.PhoneNumberInBlacklist},
 * {@code UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber}'s numbers {@code invalid_recipient};
 * {@code AuthFailure.*} and {@code UnauthorizedOperation.*} {@code auth}; an unapproved signature or template
 * ({@code FailedOperation.SignatureIncorrectOrUnapproved}, {@code FailedOperation.TemplateIncorrectOrUnapproved})
 * {@code not_found}; {@code InternalError.*} {@code network}; the others {@code rejected}.
 */
final class TencentSms implements SmsProvider {

    static final String VERSION = "2021-01-11";
    static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final SmsDeployment.Account account;
    private final String region;
    private final ProviderHttp http;
    private final Clock clock;

    TencentSms(SmsDeployment.Account account, String region, ProviderHttp http, Clock clock) {
        this.account = account;
        this.region = region;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public SmsSettings.Provider name() {
        return SmsSettings.Provider.TENCENT;
    }

    @Override
    public CompletableFuture<List<NumberResult>> send(SmsMessage message) {
        JsonArrayBuilder numbers = Json.createArrayBuilder();
        message.to().forEach(numbers::add);
        JsonArrayBuilder params = Json.createArrayBuilder();
        message.positional().forEach(params::add);
        String payload = Json.createObjectBuilder()
                .add("PhoneNumberSet", numbers)
                .add("SmsSdkAppId", account.extra())
                .add("SignName", message.signName())
                .add("TemplateId", message.templateId())
                .add("TemplateParamSet", params)
                .add("SessionContext", String.valueOf(message.notificationId()))
                .build().toString();
        URI endpoint = account.endpoint();
        String host = endpoint.getPort() == -1 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
        Instant now = clock.instant();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", authorization(account.keyId(), account.secret(), host, path(endpoint), payload,
                now));
        headers.put("Host", host);
        headers.put("X-TC-Action", "SendSms");
        headers.put("X-TC-Timestamp", String.valueOf(now.getEpochSecond()));
        headers.put("X-TC-Version", VERSION);
        headers.put("X-TC-Region", region);
        return http.post(endpoint, headers, CONTENT_TYPE, payload)
                .thenApply(answer -> results(message.to(), answer))
                .exceptionally(error -> SmsResults.noAnswer(message.to(), error));
    }

    private static String path(URI endpoint) {
        return endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
    }

    /** The {@code Authorization} header of TC3-HMAC-SHA256 for a POST of {@code payload}. */
    static String authorization(String secretId, String secretKey, String host, String path, String payload,
                                Instant at) {
        String date = DATE.format(at);
        String canonicalRequest = "POST\n" + path + "\n\n"
                + "content-type:" + CONTENT_TYPE + "\nhost:" + host + "\n\n"
                + "content-type;host\n" + sha256Hex(payload);
        String scope = date + "/sms/tc3_request";
        String stringToSign = "TC3-HMAC-SHA256\n" + at.getEpochSecond() + "\n" + scope + "\n"
                + sha256Hex(canonicalRequest);
        byte[] secretDate = hmac(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] secretService = hmac(secretDate, "sms");
        byte[] secretSigning = hmac(secretService, "tc3_request");
        String signature = HexFormat.of().formatHex(hmac(secretSigning, stringToSign));
        return "TC3-HMAC-SHA256 Credential=" + secretId + "/" + scope + ", SignedHeaders=content-type;host, Signature="
                + signature;
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static List<NumberResult> results(List<String> to, ProviderHttp.Answer answer) {
        JsonObject response;
        try {
            response = Json.createReader(new StringReader(answer.body())).readObject().getJsonObject("Response");
        } catch (RuntimeException e) {
            response = null;
        }
        if (response == null) {
            return SmsResults.unreadable(to, answer, "Tencent Cloud");
        }
        JsonObject error = response.getJsonObject("Error");
        if (error != null) {
            String code = error.getString("Code", "");
            FailureKind kind = kindOf(code);
            String message = "Tencent Cloud refused it: " + code + " " + ChannelOutcome.quote(error.getString("Message",
                    ""));
            return to.stream().map(number -> NumberResult.refused(number, kind, code, message)).toList();
        }
        Map<String, JsonObject> byNumber = new LinkedHashMap<>();
        for (JsonValue value : response.getJsonArray("SendStatusSet") == null ? List.<JsonValue>of()
                : response.getJsonArray("SendStatusSet")) {
            JsonObject status = value.asJsonObject();
            byNumber.put(status.getString("PhoneNumber", ""), status);
        }
        List<NumberResult> results = new ArrayList<>();
        for (String number : to) {
            JsonObject status = byNumber.get(number);
            if (status == null) {
                results.add(NumberResult.refused(number, FailureKind.NETWORK, "missing", "Tencent Cloud's answer has "
                        + "no status for " + number));
                continue;
            }
            String code = status.getString("Code", "");
            if ("Ok".equals(code)) {
                results.add(NumberResult.accepted(number, status.getString("SerialNo", null), code));
            } else {
                results.add(NumberResult.refused(number, kindOf(code), code, "Tencent Cloud refused " + number + ": "
                        + code + " " + ChannelOutcome.quote(status.getString("Message", ""))));
            }
        }
        return results;
    }

    static FailureKind kindOf(String code) {
        if (code.startsWith("LimitExceeded") || code.startsWith("RequestLimitExceeded")) {
            return FailureKind.THROTTLED;
        }
        if (code.equals("InvalidParameterValue.IncorrectPhoneNumber")
                || code.equals("FailedOperation.PhoneNumberInBlacklist")
                || code.equals("FailedOperation.PhoneNumberParseFail")
                || code.equals("UnsupportedOperation.UnsupportedRegion")) {
            return FailureKind.INVALID_RECIPIENT;
        }
        if (code.startsWith("AuthFailure") || code.startsWith("UnauthorizedOperation")) {
            return FailureKind.AUTH;
        }
        if (code.equals("FailedOperation.SignatureIncorrectOrUnapproved")
                || code.equals("FailedOperation.TemplateIncorrectOrUnapproved")
                || code.equals("InvalidParameterValue.TemplateParameterFormatError")
                || code.equals("FailedOperation.MissingSignatureList")
                || code.equals("FailedOperation.MissingTemplateList")) {
            return FailureKind.NOT_FOUND;
        }
        if (code.startsWith("InternalError")) {
            return FailureKind.NETWORK;
        }
        return FailureKind.REJECTED;
    }
}
