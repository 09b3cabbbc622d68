package dev.merchantnotify.channel.sms;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.merchantnotify.channel.CheckedSettings;
import dev.merchantnotify.channel.InvalidSetting;
import dev.merchantnotify.channel.InvalidSetting.Problem;
import dev.merchantnotify.channel.KeyTemplate;
import dev.merchantnotify.channel.SettingFields;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of an {@code sms} destination:
 * <ul>
 *   <li>{@code to} (required): phone numbers in E.164 ({@code +8613800138000}), each valid in its country's
 *       numbering plan; an array or one comma-separated text, at most {@value #MAX_NUMBERS};</li>
 *   <li>{@code provider} (required): {@code aliyun}, {@code tencent}, {@code twilio} or {@code smpp}, one the
 *       deployment has an account at ({@code notify.sms.*});</li>
 *   <li>{@code sign_name}: the registered signature Aliyun and Tencent put before the text (required for them);</li>
 *   <li>{@code templates} by event ({@code "order.paid"}, or {@code "*"} for the others): for Aliyun
 *       {@code {"template_code":"SMS_1234","params":{"name":"{order_no}"}}}, for Tencent
 *       {@code {"template_id":"1234","params":["{order_no}"]}} (their templates are registered at the provider, so a
 *       {@code "*"} one is required), for Twilio and SMPP {@code {"text":"…"}} (else the built-in text of the
 *       destination's language); values are {@link KeyTemplate}s;</li>
 *   <li>{@code language}: {@code zh} or {@code en}, of the built-in texts; absent, the deployment's.</li>
 * </ul>
 */
final class SmsSettings {

    static final int MAX_NUMBERS = 10;
    static final int MAX_TEXT = 1600;
    static final int MAX_PARAMS = 20;
    private static final Set<String> FIELDS = new LinkedHashSet<>(List.of("to", "provider", "sign_name",
            "templates", "language"));
    private static final Pattern TEMPLATE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");
    private static final String NUMBER_FORM = "+8613800138000 (E.164: +, country code, number)";

    /** The providers, as destinations name them. */
    enum Provider {
        ALIYUN, TENCENT, TWILIO, SMPP;

        String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether its texts are templates registered at the provider (a template id and parameters). */
        boolean registeredTemplates() {
            return this == ALIYUN || this == TENCENT;
        }
    }

    /**
     * A destination's template for an event: a registered one ({@code id} with {@code named} parameters for Aliyun,
     * {@code positional} ones for Tencent) or a {@code text}.
     */
    record Template(String id, Map<String, KeyTemplate> named, List<KeyTemplate> positional, KeyTemplate text) {
    }

    /** A registered destination's settings as the channel uses them; {@code language} null: the deployment's. */
    record Parsed(List<String> to, Provider provider, String signName, Map<String, Template> templates,
                  String language) {

        /** The template of an event: its own, else {@code "*"}'s, else null (the built-in text). */
        Template templateOf(String event) {
            Template own = templates.get(event);
            return own != null ? own : templates.get("*");
        }
    }

    private SmsSettings() {
    }

    static CheckedSettings check(JsonObject settings, Set<Provider> configured) {
        for (String field : settings.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new InvalidSetting("settings." + field, Problem.UNKNOWN_FIELD, String.join(", ", FIELDS));
            }
        }
        List<String> to = numbers(settings);
        String providerName = SettingFields.text(settings, "provider", true).toLowerCase(Locale.ROOT);
        List<String> names = configured.stream().map(Provider::apiName).sorted().toList();
        Provider provider;
        try {
            provider = Provider.valueOf(providerName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            provider = null;
        }
        if (provider == null || !configured.contains(provider)) {
            throw new InvalidSetting("settings.provider", Problem.ONE_OF, names.isEmpty()
                    ? "a provider the deployment has an account at (none is configured: notify.sms.*)"
                    : String.join(", ", names), providerName);
        }
        String signName = SettingFields.text(settings, "sign_name", provider.registeredTemplates());
        if (signName != null && signName.length() > 64) {
            throw new InvalidSetting("settings.sign_name", Problem.TOO_LONG, "64 characters");
        }
        String language = SettingFields.text(settings, "language", false);
        if (language != null && !language.equals("zh") && !language.equals("en")) {
            throw new InvalidSetting("settings.language", Problem.ONE_OF, "zh, en", language);
        }
        JsonObject templates = templates(settings, provider);

        JsonObjectBuilder plain = Json.createObjectBuilder();
        JsonArrayBuilder numbers = Json.createArrayBuilder();
        to.forEach(numbers::add);
        plain.add("to", numbers).add("provider", provider.apiName());
        if (signName != null) {
            plain.add("sign_name", signName);
        }
        if (!templates.isEmpty()) {
            plain.add("templates", templates);
        }
        if (language != null) {
            plain.add("language", language);
        }
        return new CheckedSettings(plain.build(), JsonValue.EMPTY_JSON_OBJECT, address(provider, to),
                DeliveryFormat.JSON);
    }

    /** What operators see: {@code sms:+8613800138000 via aliyun}. */
    static String address(Provider provider, List<String> to) {
        return "sms:" + String.join(",", to) + " via " + provider.apiName();
    }

    /** The settings of a registered destination, as {@link #check} stored them. */
    static Parsed parse(JsonObject settings) {
        List<String> to = settings.getJsonArray("to").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList();
        Provider provider = Provider.valueOf(settings.getString("provider").toUpperCase(Locale.ROOT));
        Map<String, Template> templates = new LinkedHashMap<>();
        JsonObject given = settings.getJsonObject("templates");
        if (given != null) {
            given.forEach((event, value) -> templates.put(event, template("settings.templates." + event,
                    (JsonObject) value, provider)));
        }
        return new Parsed(to, provider, settings.getString("sign_name", null), templates,
                settings.getString("language", null));
    }

    private static List<String> numbers(JsonObject settings) {
        List<String> given = SettingFields.list(settings, "to", MAX_NUMBERS, "numbers");
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String number = e164("settings.to[" + i + "]", given.get(i));
            if (!seen.add(number)) {
                throw new InvalidSetting("settings.to", Problem.DUPLICATE, number);
            }
        }
        return List.copyOf(seen);
    }

    /** A phone number in E.164, checked against its country's numbering plan; returned in E.164 form. */
    static String e164(String field, String text) {
        String compact = text.replace(" ", "").replace("-", "");
        if (!compact.startsWith("+")) {
            throw new InvalidSetting(field, Problem.NOT_ADDRESS, NUMBER_FORM, "it does not start with + and the "
                    + "country code");
        }
        PhoneNumberUtil numbers = PhoneNumberUtil.getInstance();
        try {
            PhoneNumber number = numbers.parse(compact, null);
            if (!numbers.isValidNumber(number)) {
                throw new InvalidSetting(field, Problem.NOT_ADDRESS, NUMBER_FORM, "not a number of country code +"
                        + number.getCountryCode() + "'s numbering plan");
            }
            return numbers.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        } catch (NumberParseException e) {
            throw new InvalidSetting(field, Problem.NOT_ADDRESS, NUMBER_FORM, e.getMessage());
        }
    }

    private static JsonObject templates(JsonObject settings, Provider provider) {
        Map<String, JsonObject> given = SettingFields.byEvent(settings, "templates", 50);
        JsonValue raw = settings.get("templates");
        if ((raw == null || raw.getValueType() == JsonValue.ValueType.NULL) && provider.registeredTemplates()) {
            throw new InvalidSetting("settings.templates", Problem.REQUIRED);
        }
        if (provider.registeredTemplates() && !given.containsKey("*")) {
            // An event without a template could not be sent at all: one for every other event is required.
            throw new InvalidSetting("settings.templates.*", Problem.REQUIRED);
        }
        JsonObjectBuilder kept = Json.createObjectBuilder();
        for (Map.Entry<String, JsonObject> entry : given.entrySet()) {
            String field = "settings.templates." + entry.getKey();
            JsonObject template = entry.getValue();
            JsonObject checked = checkTemplate(field, template, provider);
            template(field, checked, provider);
            kept.add(entry.getKey(), checked);
        }
        return kept.build();
    }

    private static JsonObject checkTemplate(String field, JsonObject template, Provider provider) {
        List<String> parts = switch (provider) {
            case ALIYUN -> List.of("template_code", "params");
            case TENCENT -> List.of("template_id", "params");
            default -> List.of("text");
        };
        for (String part : template.keySet()) {
            if (!parts.contains(part)) {
                throw new InvalidSetting(field + "." + part, Problem.UNKNOWN_FIELD, String.join(", ", parts));
            }
        }
        JsonObjectBuilder checked = Json.createObjectBuilder();
        if (!provider.registeredTemplates()) {
            // A text may have line breaks: it is read as it is, not as a one-line setting.
            JsonValue text = template.get("text");
            if (text == null || text.getValueType() == JsonValue.ValueType.NULL
                    || text instanceof JsonString string && string.getString().isBlank()) {
                throw new InvalidSetting(field + ".text", Problem.REQUIRED);
            }
            if (!(text instanceof JsonString string)) {
                throw new InvalidSetting(field + ".text", Problem.NOT_TEXT);
            }
            if (string.getString().length() > MAX_TEXT) {
                throw new InvalidSetting(field + ".text", Problem.TOO_LONG, MAX_TEXT + " characters");
            }
            return checked.add("text", string.getString().strip()).build();
        }
        String idField = parts.get(0);
        String id = SettingFields.text(template, idField, true);
        if (!TEMPLATE_ID.matcher(id).matches()) {
            throw new InvalidSetting(field + "." + idField, Problem.NAME_RULE, "letters, digits, '_', '.' and '-'", id);
        }
        checked.add(idField, id);
        JsonValue params = template.get("params");
        if (params == null || params.getValueType() == JsonValue.ValueType.NULL) {
            return checked.build();
        }
        if (provider == Provider.ALIYUN) {
            if (!(params instanceof JsonObject named)) {
                throw new InvalidSetting(field + ".params", Problem.NOT_OBJECT);
            }
            if (named.size() > MAX_PARAMS) {
                throw new InvalidSetting(field + ".params", Problem.TOO_LONG, MAX_PARAMS + " parameters");
            }
            JsonObjectBuilder kept = Json.createObjectBuilder();
            for (Map.Entry<String, JsonValue> param : named.entrySet()) {
                if (!PARAM_NAME.matcher(param.getKey()).matches()) {
                    throw new InvalidSetting(field + ".params", Problem.NAME_RULE, "a letter, then letters, digits "
                            + "and '_'", param.getKey());
                }
                if (!(param.getValue() instanceof JsonString text)) {
                    throw new InvalidSetting(field + ".params." + param.getKey(), Problem.NOT_TEXT);
                }
                kept.add(param.getKey(), text.getString());
            }
            return checked.add("params", kept).build();
        }
        if (!(params instanceof JsonArray positional)) {
            throw new InvalidSetting(field + ".params", Problem.NOT_TEXT);
        }
        if (positional.size() > MAX_PARAMS) {
            throw new InvalidSetting(field + ".params", Problem.TOO_LONG, MAX_PARAMS + " parameters");
        }
        JsonArrayBuilder kept = Json.createArrayBuilder();
        for (int i = 0; i < positional.size(); i++) {
            if (!(positional.get(i) instanceof JsonString text)) {
                throw new InvalidSetting(field + ".params[" + i + "]", Problem.NOT_TEXT);
            }
            kept.add(text.getString());
        }
        return checked.add("params", kept).build();
    }

    private static Template template(String field, JsonObject template, Provider provider) {
        if (!provider.registeredTemplates()) {
            return new Template(null, Map.of(), List.of(), KeyTemplate.parse(field + ".text",
                    template.getString("text")));
        }
        if (provider == Provider.ALIYUN) {
            Map<String, KeyTemplate> named = new LinkedHashMap<>();
            JsonObject params = template.getJsonObject("params");
            if (params != null) {
                params.forEach((name, value) -> named.put(name, KeyTemplate.parse(field + ".params." + name,
                        ((JsonString) value).getString())));
            }
            return new Template(template.getString("template_code"), named, List.of(), null);
        }
        List<KeyTemplate> positional = new ArrayList<>();
        JsonArray params = template.getJsonArray("params");
        if (params != null) {
            for (int i = 0; i < params.size(); i++) {
                positional.add(KeyTemplate.parse(field + ".params[" + i + "]", params.getString(i)));
            }
        }
        return new Template(template.getString("template_id"), Map.of(), positional, null);
    }
}
