package dev.merchantnotify.channel.sms;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.FailureKind;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Aliyun SMS ({@code dysmsapi}, API version 2017-05-25): {@code SendSms} as an RPC call, its parameters signed with
 * Aliyun's signature version 1.0 (HMAC-SHA1 over {@code POST&%2F&} and the percent-encoded, sorted query, keyed by the
 * AccessKey secret and {@code &}). All the message's numbers go in one call ({@code PhoneNumbers}); its {@code BizId}
 * is each number's reference, and the notification's id goes as {@code OutId}, which receipts echo.
 *
 * <p>Codes: {@code OK} accepted; {@code isv.BUSINESS_LIMIT_CONTROL} (the per-number flow control) and
 * {@code Throttling.*} {@code throttled}; {@code isv.MOBILE_NUMBER_ILLEGAL}, {@code isv.BLACK_KEY_CONTROL_LIMIT}
 * {@code invalid_recipient}; refused keys and signatures ({@code InvalidAccessKeyId.*}, {@code SignatureDoesNotMatch},
 * {@code isv.ACCOUNT_*}) {@code auth}; an unknown or unapproved signature or template ({@code isv.SMS_SIGNATURE_ILLEGAL},
 * {@code isv.SMS_TEMPLATE_ILLEGAL}, {@code isv.TEMPLATE_MISSING_PARAMETERS}) {@code not_found}; {@code isp.*} and
 * HTTP 5xx {@code network}; the others {@code rejected}.
 */
final class AliyunSms implements SmsProvider {

    static final String VERSION = "2017-05-25";
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final SmsDeployment.Account account;
    private final ProviderHttp http;
    private final Clock clock;

    AliyunSms(SmsDeployment.Account account, ProviderHttp http, Clock clock) {
        this.account = account;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public SmsSettings.Provider name() {
        return SmsSettings.Provider.ALIYUN;
    }

    @Override
    public CompletableFuture<List<NumberResult>> send(SmsMessage message) {
        SortedMap<String, String> parameters = new TreeMap<>();
        parameters.put("AccessKeyId", account.keyId());
        parameters.put("Action", "SendSms");
        parameters.put("Format", "JSON");
        parameters.put("OutId", String.valueOf(message.notificationId()));
        parameters.put("PhoneNumbers", message.to().stream().map(AliyunSms::aliyunNumber)
                .collect(Collectors.joining(",")));
        parameters.put("RegionId", "cn-hangzhou");
        parameters.put("SignName", message.signName());
        parameters.put("SignatureMethod", "HMAC-SHA1");
        parameters.put("SignatureNonce", UUID.randomUUID().toString());
        parameters.put("SignatureVersion", "1.0");
        parameters.put("TemplateCode", message.templateId());
        JsonObjectBuilder params = Json.createObjectBuilder();
        message.named().forEach(params::add);
        parameters.put("TemplateParam", params.build().toString());
        parameters.put("Timestamp", TIMESTAMP.format(clock.instant()));
        parameters.put("Version", VERSION);
        String body = "Signature=" + encode(sign("POST", account.secret(), parameters)) + "&" + canonical(parameters);
        return http.post(account.endpoint(), Map.of(), "application/x-www-form-urlencoded", body)
                .thenApply(answer -> results(message.to(), answer))
                .exceptionally(error -> SmsResults.noAnswer(message.to(), error));
    }

    /** The query Aliyun signs: the parameters sorted by name, each name and value percent-encoded. */
    static String canonical(SortedMap<String, String> parameters) {
        return parameters.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** Signature version 1.0: Base64(HMAC-SHA1(secret + "&", method + "&%2F&" + encode(canonical))). */
    static String sign(String method, String secret, SortedMap<String, String> parameters) {
        String stringToSign = method + "&" + encode("/") + "&" + encode(canonical(parameters));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    /** Aliyun's percent-encoding: RFC 3986 (space as %20, {@code *} as %2A, {@code ~} kept). */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }

    /** A number as Aliyun takes it: mainland China without its country code, others with it, never a {@code +}. */
    static String aliyunNumber(String e164) {
        try {
            PhoneNumber number = PhoneNumberUtil.getInstance().parse(e164, null);
            return number.getCountryCode() == 86 ? String.valueOf(number.getNationalNumber())
                    : e164.substring(1);
        } catch (NumberParseException e) {
            return e164.substring(1);
        }
    }

    private static List<NumberResult> results(List<String> to, ProviderHttp.Answer answer) {
        JsonObject json;
        try {
            json = Json.createReader(new StringReader(answer.body())).readObject();
        } catch (RuntimeException e) {
            return SmsResults.unreadable(to, answer, "Aliyun");
        }
        String code = json.getString("Code", "");
        String said = json.getString("Message", "");
        if ("OK".equals(code)) {
            String bizId = json.getString("BizId", null);
            return to.stream().map(number -> NumberResult.accepted(number, bizId, code)).toList();
        }
        FailureKind kind = kindOf(code, answer.status());
        String message = "Aliyun refused it: " + code + " " + ChannelOutcome.quote(said);
        return to.stream().map(number -> NumberResult.refused(number, kind, code, message)).toList();
    }

    static FailureKind kindOf(String code, int status) {
        if (code.equals("isv.BUSINESS_LIMIT_CONTROL") || code.startsWith("Throttling")) {
            return FailureKind.THROTTLED;
        }
        if (code.equals("isv.MOBILE_NUMBER_ILLEGAL") || code.equals("isv.BLACK_KEY_CONTROL_LIMIT")
                || code.equals("isv.MOBILE_COUNT_OVER_LIMIT")) {
            return FailureKind.INVALID_RECIPIENT;
        }
        if (code.startsWith("InvalidAccessKeyId") || code.equals("SignatureDoesNotMatch")
                || code.startsWith("isv.ACCOUNT_") || code.equals("isp.RAM_PERMISSION_DENY")
                || code.equals("Forbidden.RAM")) {
            return FailureKind.AUTH;
        }
        if (code.equals("isv.SMS_SIGNATURE_ILLEGAL") || code.equals("isv.SMS_TEMPLATE_ILLEGAL")
                || code.equals("isv.TEMPLATE_MISSING_PARAMETERS") || code.equals("isv.SMS_SIGN_ILLEGAL")
                || code.equals("isv.INVALID_JSON_PARAM")) {
            return FailureKind.NOT_FOUND;
        }
        if (code.startsWith("isp.") || status >= 500) {
            return FailureKind.NETWORK;
        }
        return FailureKind.REJECTED;
    }
}
