package dev.merchantnotify.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.merchantnotify.deliverylog.DeliveryFormat;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MerchantRequestsTest {

    @Test
    void formBodyEncodesFieldsInOrderWithScalarsAsWritten() {
        assertEquals("order_no=BY1&amount=12.50&paid=true&count=3&memo=&name=%E5%BC%A0+%26+co",
                MerchantRequests.formBody("{\"order_no\":\"BY1\",\"amount\":\"12.50\",\"paid\":true,\"count\":3,"
                        + "\"memo\":null,\"name\":\"张 & co\"}"));
    }

    @Test
    void requestCarriesTheContractHeaders() {
        DeliveryTask task = new DeliveryTask(42, "BY1", "http://shop.example/notify?x=1", "0123456789abcdef",
                DeliveryFormat.JSON, "{\"a\":1}", 2, 0, java.time.Instant.EPOCH, 3, false);
        HttpRequest request = MerchantRequests.build(task, Duration.ofSeconds(5));
        assertEquals("POST", request.method());
        assertEquals("42", request.headers().firstValue("X-Notify-Id").orElseThrow());
        assertEquals("3", request.headers().firstValue("X-Notify-Attempt").orElseThrow());
        assertEquals("application/json; charset=utf-8", request.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(MerchantRequests.USER_AGENT, request.headers().firstValue("User-Agent").orElseThrow());
        assertEquals(Duration.ofSeconds(5), request.timeout().orElseThrow());
    }
}
