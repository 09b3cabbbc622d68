package dev.merchantnotify.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.merchantnotify.deliverylog.DeliveryFormat;
import dev.merchantnotify.platform.ApiException;
import dev.merchantnotify.security.OutboundGuard;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotificationRequestTest {

    /** The production defaults: no exceptions to the address rules. */
    private static final OutboundGuard GUARD = OutboundGuard.allowing("");

    private static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    private static String rejection(String body) {
        return assertThrows(ApiException.class, () -> NotificationRequest.parse(json(body), "", GUARD)).getMessage();
    }

    @Test
    void appliesDefaultsAndComputesTheMerchantKey() {
        NotificationRequest request = NotificationRequest.parse(
                json("{\"order_no\":\"BY1\",\"notify_url\":\"https://Shop.example/n?o=1\",\"payload\":{\"a\":\"1\"}}"), "", GUARD);
        assertEquals("order.paid", request.event());
        assertEquals(DeliveryFormat.FORM, request.format());
        assertEquals("{\"a\":\"1\"}", request.payloadJson());
        assertEquals(16, request.merchantKey().value().length());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"notify_url\":\"http://a.b/\",\"payload\":{}}|order_no is required",
            "{\"order_no\":1,\"notify_url\":\"http://a.b/\",\"payload\":{}}|order_no must be a string",
            "{\"order_no\":\"  \",\"notify_url\":\"http://a.b/\",\"payload\":{}}|order_no must not be blank",
            "{\"order_no\":\"A\\u0007B\",\"notify_url\":\"http://a.b/\",\"payload\":{}}|order_no contains control characters",
            "{\"order_no\":\"A\",\"payload\":{}}|notify_url is required",
            "{\"order_no\":\"A\",\"notify_url\":\"ftp://a.b/\",\"payload\":{}}|notify_url must be an http or https URL",
            "{\"order_no\":\"A\",\"notify_url\":\"/relative\",\"payload\":{}}|notify_url must be an http or https URL",
            "{\"order_no\":\"A\",\"notify_url\":\"http:///nohost\",\"payload\":{}}|notify_url has no host",
            "{\"order_no\":\"A\",\"notify_url\":\"http://10.1.2.3:8080/n\",\"payload\":{}}|notify_url points to a blocked address: 10.1.2.3 is private (RFC 1918) (deliveries go to public addresses only; notify.security.allowed-networks lists exceptions, none now)",
            "{\"order_no\":\"A\",\"notify_url\":\"http://[::ffff:169.254.169.254]/latest\",\"payload\":{}}|notify_url points to a blocked address: 169.254.169.254 is link-local (cloud metadata lives here) (deliveries go to public addresses only; notify.security.allowed-networks lists exceptions, none now)",
            "{\"order_no\":\"A\",\"notify_url\":\"http://2130706433/\",\"payload\":{}}|notify_url has a numeric host that is not an IPv4 address in dotted decimal form (2130706433): write an address as four numbers 0-255, e.g. 203.0.113.7",
            "{\"order_no\":\"A\",\"notify_url\":\"http://a.b/\"}|payload is required",
            "{\"order_no\":\"A\",\"notify_url\":\"http://a.b/\",\"payload\":[1]}|payload must be a JSON object",
            "{\"order_no\":\"A\",\"notify_url\":\"http://a.b/\",\"payload\":{\"x\":{\"y\":1}}}|payload.x must be a string, number, boolean or null for format \"form\" (use format \"json\" for nested data)",
            "{\"order_no\":\"A\",\"notify_url\":\"http://a.b/\",\"payload\":{},\"format\":\"xml\"}|format must be \"form\" or \"json\", not \"xml\"",
    })
    void rejectsNamingTheField(String body, String message) {
        assertEquals(message, rejection(body));
    }

    @Test
    void rejectsOverlongValues() {
        String longOrder = "A".repeat(65);
        assertEquals("order_no is 65 characters long; at most 64 are allowed",
                rejection("{\"order_no\":\"" + longOrder + "\",\"notify_url\":\"http://a.b/\",\"payload\":{}}"));
        String longUrl = "http://a.b/" + "p".repeat(2040);
        assertEquals("notify_url is 2051 characters long; at most 2048 are allowed",
                rejection("{\"order_no\":\"A\",\"notify_url\":\"" + longUrl + "\",\"payload\":{}}"));
        String bigPayload = "{\"blob\":\"" + "x".repeat(65_536) + "\"}";
        assertEquals("payload is 65547 bytes as JSON; at most 65536 are allowed",
                rejection("{\"order_no\":\"A\",\"notify_url\":\"http://a.b/\",\"payload\":" + bigPayload + "}"));
    }

    @Test
    void jsonFormatAcceptsNestedPayloads() {
        NotificationRequest request = NotificationRequest.parse(json("{\"order_no\":\"A\",\"notify_url\":\"http://a.b/\","
                + "\"format\":\"json\",\"payload\":{\"items\":[{\"sku\":\"x\"}]}}"), "", GUARD);
        assertEquals(DeliveryFormat.JSON, request.format());
    }

    @Test
    void batchMessagesNameTheItem() {
        ApiException e = assertThrows(ApiException.class,
                () -> NotificationRequest.parse(json("{\"notify_url\":\"http://a.b/\",\"payload\":{}}"), "notifications[3].", GUARD));
        assertEquals("notifications[3].order_no is required", e.getMessage());
        assertEquals(400, e.status());
    }
}
