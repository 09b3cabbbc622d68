package dev.merchantnotify.channel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.merchantnotify.channel.CheckedSettings;
import dev.merchantnotify.channel.InvalidSetting;
import dev.merchantnotify.channel.InvalidSetting.Problem;
import dev.merchantnotify.deliverylog.DeliveryFormat;
import dev.merchantnotify.security.OutboundGuard;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

    private static final OutboundGuard GUARD = OutboundGuard.allowing("");

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static InvalidSetting refused(String settings) {
        return assertThrows(InvalidSetting.class,
                () -> HttpSettings.check(json(settings), JsonValue.EMPTY_JSON_OBJECT, GUARD));
    }

    @Test
    void splitsHeaderValuesOffAsSecretsAndShowsTheAddressWithoutQueryOrCredentials() {
        CheckedSettings checked = HttpSettings.check(json("""
                {"url":"https://user:pw@Shop.example/notify?token=abc","format":"json",
                 "headers":{"Authorization":"Bearer s3cret","X-Tenant":"t1"}}"""), JsonValue.EMPTY_JSON_OBJECT, GUARD);
        assertEquals("{\"url\":\"https://shop.example:443/notify?…\",\"format\":\"json\"}", checked.plain().toString());
        assertEquals("https://user:pw@Shop.example/notify?token=abc", checked.secrets().getString("url"));
        assertEquals("Bearer s3cret", checked.secrets().getJsonObject("headers").getString("Authorization"));
        assertEquals("https://shop.example:443/notify", checked.address());
        assertEquals(DeliveryFormat.JSON, checked.format());
    }

    @Test
    void formIsTheDefaultAndNoHeadersMeansNoSecrets() {
        CheckedSettings checked = HttpSettings.check(json("{\"url\":\"http://shop.example/n\"}"),
                JsonValue.EMPTY_JSON_OBJECT, GUARD);
        assertEquals(DeliveryFormat.FORM, checked.format());
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, checked.secrets());
        assertEquals("http://shop.example/n", checked.plain().getString("url"));
    }

    @Test
    void aNullHeaderValueKeepsTheStoredOneAndIsRequiredWithoutOne() {
        JsonObject stored = json("{\"headers\":{\"Authorization\":\"Bearer old\"}}");
        CheckedSettings kept = HttpSettings.check(json("{\"url\":\"http://shop.example/n\","
                + "\"headers\":{\"Authorization\":null}}"), stored, GUARD);
        assertEquals("Bearer old", kept.secrets().getJsonObject("headers").getString("Authorization"));
        InvalidSetting missing = refused("{\"url\":\"http://shop.example/n\",\"headers\":{\"X-Key\":null}}");
        assertEquals("settings.headers.X-Key", missing.field());
        assertEquals(Problem.REQUIRED, missing.problem());
    }

    @Test
    void namesTheFieldAtFault() {
        assertEquals("settings.url", refused("{}").field());
        assertEquals(Problem.NOT_URL, refused("{\"url\":\"ftp://shop.example/n\"}").problem());
        assertEquals(Problem.BLOCKED, refused("{\"url\":\"http://10.0.0.7/n\"}").problem());
        assertEquals(Problem.ONE_OF, refused("{\"url\":\"http://shop.example/n\",\"format\":\"xml\"}").problem());
        assertEquals(Problem.UNKNOWN_FIELD, refused("{\"url\":\"http://shop.example/n\",\"method\":\"PUT\"}").problem());
        assertEquals(Problem.HEADER_RESERVED, refused("{\"url\":\"http://shop.example/n\","
                + "\"headers\":{\"Content-Type\":\"text/plain\"}}").problem());
        assertEquals(Problem.HEADER_NAME, refused("{\"url\":\"http://shop.example/n\","
                + "\"headers\":{\"Bad Name\":\"x\"}}").problem());
        assertEquals(Problem.DUPLICATE, refused("{\"url\":\"http://shop.example/n\","
                + "\"headers\":{\"X-Key\":\"a\",\"x-key\":\"b\"}}").problem());
        assertEquals(Problem.LINE_BREAK, refused("{\"url\":\"http://shop.example/n\","
                + "\"headers\":{\"X-Key\":\"a\\r\\nInjected: 1\"}}").problem());
        assertEquals(Problem.NOT_OBJECT, refused("{\"url\":\"http://shop.example/n\",\"headers\":[]}").problem());
    }
}
