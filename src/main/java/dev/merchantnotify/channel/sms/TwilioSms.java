package dev.merchantnotify.channel.sms;

import dev.merchantnotify.channel.ChannelOutcome;
import dev.merchantnotify.channel.FailureKind;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Twilio Programmable Messaging: one {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} per number, with the
 * account's HTTP Basic authentication (Account SID and auth token), {@code To}, {@code From} (or
 * {@code MessagingServiceSid} for an {@code MG…} sender), {@code Body} and, when this service has a public base URL,
 * {@code StatusCallback} for its receipts. {@code 201} with the message's {@code sid} is acceptance.
 *
 * <p>Codes: {@code 20429} and HTTP 429 {@code throttled}; {@code 21211} (invalid To), {@code 21614} (not a mobile
 * number), {@code 21610} (the recipient unsubscribed), {@code 21612} and {@code 21408} (cannot route there)
 * {@code invalid_recipient}; {@code 20003} and HTTP 401 {@code auth}; {@code 21606} and {@code 21659} (the From number
 * is not the account's) {@code not_found}; HTTP 5xx {@code network}; the others {@code rejected}.
 */
final class TwilioSms implements SmsProvider {

    private final SmsDeployment.Account account;
    private final String statusCallback;
    private final ProviderHttp http;

    /** @param statusCallback the URL Twilio posts receipts to, or null for none */
    TwilioSms(SmsDeployment.Account account, String statusCallback, ProviderHttp http) {
        this.account = account;
        this.statusCallback = statusCallback;
        this.http = http;
    }

    @Override
    public SmsSettings.Provider name() {
        return SmsSettings.Provider.TWILIO;
    }

    @Override
    public CompletableFuture<List<NumberResult>> send(SmsMessage message) {
        URI messages = account.endpoint().resolve("/2010-04-01/Accounts/" + account.keyId() + "/Messages.json");
        String authorization = "Basic " + Base64.getEncoder().encodeToString((account.keyId() + ":"
                + account.secret()).getBytes(StandardCharsets.UTF_8));
        List<CompletableFuture<NumberResult>> each = new ArrayList<>();
        for (String number : message.to()) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("To", number);
            form.put(account.extra().startsWith("MG") ? "MessagingServiceSid" : "From", account.extra());
            form.put("Body", message.text());
            if (statusCallback != null) {
                form.put("StatusCallback", statusCallback);
            }
            String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            each.add(http.post(messages, Map.of("Authorization", authorization, "Accept", "application/json"),
                    "application/x-www-form-urlencoded", body)
                    .thenApply(answer -> result(number, answer))
                    .exceptionally(error -> SmsResults.noAnswer(List.of(number), error).get(0)));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
    }

    private static NumberResult result(String number, ProviderHttp.Answer answer) {
        JsonObject json;
        try {
            json = Json.createReader(new StringReader(answer.body())).readObject();
        } catch (RuntimeException e) {
            return SmsResults.unreadable(List.of(number), answer, "Twilio").get(0);
        }
        if (answer.status() == 201 || answer.status() == 200) {
            return NumberResult.accepted(number, json.getString("sid", null), json.getString("status", "queued"));
        }
        int code = json.containsKey("code") && json.get("code").getValueType() == jakarta.json.JsonValue.ValueType.NUMBER
                ? json.getInt("code") : 0;
        FailureKind kind = kindOf(code, answer.status());
        return NumberResult.refused(number, kind, code == 0 ? "HTTP " + answer.status() : String.valueOf(code),
                "Twilio refused " + number + ": " + (code == 0 ? "HTTP " + answer.status() : code) + " "
                + ChannelOutcome.quote(json.getString("message", "")));
    }

    static FailureKind kindOf(int code, int status) {
        if (code == 20429 || status == 429) {
            return FailureKind.THROTTLED;
        }
        if (code == 21211 || code == 21614 || code == 21610 || code == 21612 || code == 21408) {
            return FailureKind.INVALID_RECIPIENT;
        }
        if (code == 20003 || status == 401 || status == 403) {
            return FailureKind.AUTH;
        }
        if (code == 21606 || code == 21659 || code == 21212) {
            return FailureKind.NOT_FOUND;
        }
        if (status >= 500) {
            return FailureKind.NETWORK;
        }
        return FailureKind.REJECTED;
    }
}
