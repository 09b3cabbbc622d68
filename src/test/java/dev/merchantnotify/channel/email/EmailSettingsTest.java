package dev.merchantnotify.channel.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.merchantnotify.channel.CheckedSettings;
import dev.merchantnotify.channel.InvalidSetting;
import dev.merchantnotify.channel.InvalidSetting.Problem;
import dev.merchantnotify.security.OutboundGuard;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmailSettingsTest {

    private static final OutboundGuard GUARD = OutboundGuard.allowing("");

    static EmailDeployment deployment(String host, String from) {
        EmailDeployment deployment = new EmailDeployment();
        deployment.host = Optional.ofNullable(host);
        deployment.port = 0;
        deployment.security = "starttls";
        deployment.username = Optional.empty();
        deployment.password = Optional.empty();
        deployment.from = Optional.ofNullable(from);
        deployment.language = "zh";
        deployment.connectionsPerServer = 2;
        deployment.validate();
        return deployment;
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    private static CheckedSettings check(String settings) {
        return EmailSettings.check(json(settings), JsonValue.EMPTY_JSON_OBJECT, GUARD,
                deployment("smtp.pay.example", "Pay <notify@pay.example>"));
    }

    private static InvalidSetting refused(String settings, EmailDeployment deployment) {
        return assertThrows(InvalidSetting.class, () -> EmailSettings.check(json(settings),
                JsonValue.EMPTY_JSON_OBJECT, GUARD, deployment));
    }

    private static InvalidSetting refused(String settings) {
        return refused(settings, deployment("smtp.pay.example", "Pay <notify@pay.example>"));
    }

    @Test
    void recipientsAsAnArrayOrCommaSeparatedTextOnTheDeploymentsServer() {
        CheckedSettings checked = check("{'to':'ops@shop.example, Boss@Shop.example','language':'en'}");
        assertEquals(List.of("ops@shop.example", "Boss@Shop.example"), checked.plain().getJsonArray("to")
                .getValuesAs(jakarta.json.JsonString::getString));
        assertEquals("en", checked.plain().getString("language"));
        assertEquals("both", checked.plain().getString("format"));
        assertFalse(checked.plain().containsKey("smtp_host"));
        assertEquals("mailto:ops@shop.example,Boss@Shop.example via smtp://smtp.pay.example:587 (starttls)",
                checked.address());
        assertEquals(checked.plain().getJsonArray("to"), check("{'to':['ops@shop.example','Boss@Shop.example']}")
                .plain().getJsonArray("to"));
    }

    @Test
    void aDestinationsOwnServerWithItsPasswordKeptSecret() {
        CheckedSettings checked = check("{'to':['a@shop.example'],'from':'Shop <n@shop.example>','smtp_host':"
                + "'Mail.Shop.example','smtp_security':'tls','username':'n@shop.example','password':'pw'}");
        assertEquals("mail.shop.example", checked.plain().getString("smtp_host"));
        assertEquals(465, checked.plain().getInt("smtp_port"));
        assertEquals("tls", checked.plain().getString("smtp_security"));
        assertFalse(checked.plain().containsKey("password"));
        assertEquals("pw", checked.secrets().getString("password"));
        assertEquals("mailto:a@shop.example via smtps://n@shop.example@mail.shop.example:465", checked.address());

        // A change that leaves the password out keeps the stored one.
        CheckedSettings changed = EmailSettings.check(json("{'to':['b@shop.example'],'smtp_host':'mail.shop.example',"
                + "'smtp_port':2525,'smtp_security':'none','username':'n@shop.example'}"),
                Json.createObjectBuilder().add("password", "pw").build(), GUARD, deployment(null, "n@pay.example"));
        assertEquals("pw", changed.secrets().getString("password"));
        assertEquals(2525, changed.plain().getInt("smtp_port"));

        EmailSettings.Parsed parsed = EmailSettings.parse(dev.merchantnotify.channel.Target.withSecrets(
                checked.plain(), checked.secrets()));
        assertEquals(new SmtpServerSettings("mail.shop.example", 465, SmtpServerSettings.Security.TLS,
                "n@shop.example", "pw"), parsed.server());
        assertEquals("Shop <n@shop.example>", parsed.from());
        assertNull(parsed.language());
    }

    @Test
    void templatesByEventAreCheckedWhenGiven() {
        CheckedSettings checked = check("{'to':'a@shop.example','templates':{'order.paid':{'subject':'Paid {order_no}',"
                + "'html':'<b>{payload.amount}</b>'},'*':{'subject':'{event}','text':'{order_no}'}}}");
        EmailSettings.Parsed parsed = EmailSettings.parse(checked.plain());
        assertEquals("Paid {order_no}", parsed.templates().get("order.paid").subject().toString());
        assertNull(parsed.templates().get("order.paid").text());
        assertTrue(parsed.templates().containsKey("*"));

        InvalidSetting placeholder = refused("{'to':'a@shop.example','templates':{'*':{'subject':'{shop}','text':'x'}}}");
        assertEquals("settings.templates.*.subject", placeholder.field());
        assertEquals(Problem.TEMPLATE, placeholder.problem());
        assertEquals("settings.templates.order.paid.text",
                refused("{'to':'a@shop.example','templates':{'order.paid':{'subject':'s'}}}").field());
        assertEquals("settings.templates.*.body", refused("{'to':'a@shop.example','templates':{'*':{'subject':'s',"
                + "'body':'x'}}}").field());
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        assertEquals("settings.to", refused("{}").field());
        assertEquals("settings.to", refused("{'to':' , '}").field());
        InvalidSetting address = refused("{'to':['ok@shop.example','not an address']}");
        assertEquals("settings.to[1]", address.field());
        assertEquals(Problem.NOT_ADDRESS, address.problem());
        assertEquals("settings.to[0]", refused("{'to':'Boss <boss@shop.example>'}").field());
        assertEquals(Problem.DUPLICATE, refused("{'to':'a@shop.example,A@shop.example'}").problem());
        assertEquals(Problem.TOO_LONG, refused("{'to':'" + String.join(",", java.util.stream.IntStream.range(0, 21)
                .mapToObj(i -> "u" + i + "@shop.example").toList()) + "'}").problem());
        assertEquals(Problem.ONE_OF, refused("{'to':'a@shop.example','language':'fr'}").problem());
        assertEquals(Problem.ONE_OF, refused("{'to':'a@shop.example','format':'pdf'}").problem());
        assertEquals(Problem.UNKNOWN_FIELD, refused("{'to':'a@shop.example','cc':'b@shop.example'}").problem());
        assertEquals("settings.smtp_host", refused("{'to':'a@shop.example','smtp_port':25}").field());
        assertEquals("settings.smtp_port", refused("{'to':'a@shop.example','smtp_host':'mx.shop.example',"
                + "'smtp_port':70000}").field());
        assertEquals("settings.username", refused("{'to':'a@shop.example','smtp_host':'mx.shop.example',"
                + "'password':'pw'}").field());
        InvalidSetting blocked = refused("{'to':'a@shop.example','smtp_host':'127.0.0.1'}");
        assertEquals("settings.smtp_host", blocked.field());
        assertEquals(Problem.BLOCKED, blocked.problem());
        assertEquals(Problem.LINE_BREAK, refused("{'to':'a@shop.example','from':'a@shop.example\\r\\nBcc: x@y.z'}")
                .problem());
        // No SMTP server or sender anywhere: nothing could be sent.
        assertEquals("settings.smtp_host", refused("{'to':'a@shop.example'}", deployment(null, "n@pay.example"))
                .field());
        assertEquals("settings.from", refused("{'to':'a@shop.example'}", deployment("smtp.pay.example", null))
                .field());
    }

    @Test
    void theDeploymentsSettingsAreValidatedAtStartUp() {
        EmailDeployment wrong = deployment("smtp.pay.example", null);
        wrong.security = "ssl";
        IllegalStateException refused = assertThrows(IllegalStateException.class, wrong::validate);
        assertTrue(refused.getMessage().contains("notify.email.smtp-security"), refused.getMessage());
        EmailDeployment from = deployment(null, null);
        from.from = Optional.of("not an address");
        assertTrue(assertThrows(IllegalStateException.class, from::validate).getMessage()
                .contains("notify.email.from"));
        assertEquals(587, deployment("smtp.pay.example", null).server().port());
    }
}
