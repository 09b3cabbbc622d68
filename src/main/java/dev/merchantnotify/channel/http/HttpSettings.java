package dev.merchantnotify.channel.http;

import dev.merchantnotify.channel.CheckedSettings;
import dev.merchantnotify.channel.InvalidSetting;
import dev.merchantnotify.channel.InvalidSetting.Problem;
import dev.merchantnotify.channel.SettingFields;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import dev.merchantnotify.merchant.MerchantKey;
import dev.merchantnotify.merchant.NotifyUrl;
import dev.merchantnotify.security.OutboundGuard;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The settings of an {@code http} destination: {@code url} (required; http or https, judged by the outbound guard),
 * {@code format} ({@code form}, the default, or {@code json}) and {@code headers} (extra request headers, name to value).
 * Header values are treated as credentials (an {@code Authorization} or an API key): kept encrypted, never shown; so is
 * a URL with a user part or a query (which may carry a token), shown without them.
 * The delivery contract's own headers cannot be replaced.
 */
final class HttpSettings {

    static final int MAX_URL_LENGTH = 2048;
    static final int MAX_HEADERS = 20;
    static final int MAX_HEADER_VALUE_LENGTH = 1024;
    private static final Set<String> FIELDS = Set.of("url", "format", "headers");
    /** An HTTP token (RFC 9110), at most 64 characters. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    /** Headers the contract or the connection sets: an operator's header never replaces them. */
    private static final Set<String> RESERVED = Set.of("host", "content-type", "content-length", "transfer-encoding",
            "connection", "user-agent", "x-notify-id", "x-notify-attempt", "webhook-id", "webhook-timestamp",
            "webhook-signature", "x-notify-previous-sign", "expect", "upgrade", "te", "trailer", "keep-alive");

    private HttpSettings() {
    }

    static CheckedSettings check(JsonObject settings, JsonObject storedSecrets, OutboundGuard guard) {
        for (String field : settings.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidSetting("settings." + field, Problem.UNKNOWN_FIELD, "url, format, headers");
            }
        }
        String url = SettingFields.text(settings, "url", true, false);
        if (url.length() > MAX_URL_LENGTH) {
            throw new InvalidSetting("settings.url", Problem.TOO_LONG, String.valueOf(MAX_URL_LENGTH));
        }
        URI uri;
        try {
            uri = NotifyUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("settings.url", Problem.NOT_URL, e.getMessage());
        }
        try {
            guard.checkNotifyUrl(uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("settings.url", Problem.BLOCKED, e.getMessage());
        }
        // blank is refused, not "the default format"
        String formatName = SettingFields.text(settings, "format", false, false);
        DeliveryFormat format = formatName == null ? DeliveryFormat.FORM : DeliveryFormat.fromApiName(formatName)
                .orElseThrow(() -> new InvalidSetting("settings.format", Problem.ONE_OF, "form, json", formatName));
        JsonObjectBuilder headers = Json.createObjectBuilder();
        JsonValue given = settings.get("headers");
        if (given != null && given.getValueType() != JsonValue.ValueType.NULL) {
            if (given.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new InvalidSetting("settings.headers", Problem.NOT_OBJECT);
            }
            JsonObject stored = storedSecrets.getJsonObject("headers");
            Map<String, String> byLowerName = new TreeMap<>();
            for (Map.Entry<String, JsonValue> header : given.asJsonObject().entrySet()) {
                String name = header.getKey();
                String field = "settings.headers." + name;
                if (!HEADER_NAME.matcher(name).matches()) {
                    throw new InvalidSetting(field, Problem.HEADER_NAME, name);
                }
                String lower = name.toLowerCase(Locale.ROOT);
                if (RESERVED.contains(lower)) {
                    throw new InvalidSetting(field, Problem.HEADER_RESERVED, name);
                }
                if (byLowerName.put(lower, name) != null) {
                    throw new InvalidSetting(field, Problem.DUPLICATE, name);
                }
                headers.add(name, headerValue(field, header.getValue(), stored == null ? null : stored.get(name)));
            }
            if (byLowerName.size() > MAX_HEADERS) {
                throw new InvalidSetting("settings.headers", Problem.TOO_LONG, String.valueOf(MAX_HEADERS));
            }
        }
        // A URL's user part or query may carry a token: then the whole URL is a secret, and operators see it without
        // them ("…" where the query was).
        boolean urlIsSecret = uri.getRawUserInfo() != null || uri.getRawQuery() != null;
        String address = MerchantKey.normalise(uri);
        JsonObject plain = Json.createObjectBuilder()
                .add("url", urlIsSecret ? address + (uri.getRawQuery() != null ? "?…" : "") : url)
                .add("format", format.apiName()).build();
        JsonObjectBuilder secrets = Json.createObjectBuilder();
        if (urlIsSecret) {
            secrets.add("url", url);
        }
        JsonObject secretHeaders = headers.build();
        if (!secretHeaders.isEmpty()) {
            secrets.add("headers", secretHeaders);
        }
        return new CheckedSettings(plain, secrets.build(), address, format);
    }

    private static String headerValue(String field, JsonValue value, JsonValue stored) {
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            if (stored instanceof JsonString kept) {
                return kept.getString(); // null keeps the value stored before
            }
            throw new InvalidSetting(field, Problem.REQUIRED);
        }
        if (!(value instanceof JsonString string)) {
            throw new InvalidSetting(field, Problem.NOT_TEXT);
        }
        String text = string.getString();
        if (text.length() > MAX_HEADER_VALUE_LENGTH) {
            throw new InvalidSetting(field, Problem.TOO_LONG, String.valueOf(MAX_HEADER_VALUE_LENGTH));
        }
        if (text.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new InvalidSetting(field, Problem.LINE_BREAK);
        }
        return text;
    }
}
