package it.dev.merchantnotify.dispatch;

import static it.dev.merchantnotify.NotifyApi.notificationJson;
import static it.dev.merchantnotify.NotifyApi.uniqueOrderNo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.dev.merchantnotify.AgainstServer;
import it.dev.merchantnotify.NotifyApi;
import it.dev.merchantnotify.StubMerchant.Received;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a merchant receives, in both formats, and what counts as its acknowledgement. */
class DeliveryContractIT extends AgainstServer {

    @Test
    void formDeliveryPostsTheFieldsUrlEncodedWithTheContractHeaders() {
        String orderNo = uniqueOrderNo("form");
        String body = "{\"order_no\":\"" + orderNo + "\",\"notify_url\":\"" + merchant.url("/ok?sign=abc&x=1")
                + "\",\"payload\":{\"order_no\":\"" + orderNo + "\",\"amount\":\"12.50\",\"paid\":true,\"count\":3,"
                + "\"subject\":\"Tea & cake\"}}";
        long id = api.submit(body).data().getJsonNumber("id").longValue();

        JsonObject delivered = api.awaitStatus(id, "success", WAIT);

        Received request = single(orderNo);
        assertEquals("POST", request.method());
        assertEquals("/ok", request.path());
        assertEquals("sign=abc&x=1", request.query(), "the notify_url's query is kept");
        assertEquals("application/x-www-form-urlencoded; charset=utf-8", request.header("Content-Type"));
        assertEquals("order_no=" + orderNo + "&amount=12.50&paid=true&count=3&subject=Tea+%26+cake", request.body());
        assertTrue(request.header("User-Agent").startsWith("MerchantNotify/"), request.header("User-Agent"));
        assertEquals(String.valueOf(id), request.header("X-Notify-Id"));
        assertEquals("1", request.header("X-Notify-Attempt"));

        assertEquals(1, delivered.getInt("attempts"));
        assertTrue(delivered.containsKey("delivered_at") && !delivered.isNull("delivered_at"));
        JsonObject attempt = delivered.getJsonArray("deliveries").getJsonObject(0);
        assertEquals(200, attempt.getInt("http_status"));
        assertEquals("success", attempt.getString("response_excerpt"));
        assertTrue(attempt.getBoolean("success"));
    }

    @Test
    void jsonDeliveryPostsThePayloadAndAny2xxIsSuccess() {
        String orderNo = uniqueOrderNo("json");
        String body = "{\"order_no\":\"" + orderNo + "\",\"notify_url\":\"" + merchant.url("/json-ok")
                + "\",\"format\":\"json\",\"event\":\"order.refunded\",\"payload\":{\"order_no\":\"" + orderNo
                + "\",\"items\":[{\"sku\":\"A-1\",\"qty\":2}],\"total\":{\"amount\":\"30.00\",\"currency\":\"CNY\"}}}";
        long id = api.submit(body).data().getJsonNumber("id").longValue();

        api.awaitStatus(id, "success", WAIT);

        Received request = single(orderNo);
        assertEquals("application/json; charset=utf-8", request.header("Content-Type"));
        JsonObject payload = Json.createReader(new StringReader(request.body())).readObject();
        assertEquals(orderNo, payload.getString("order_no"));
        assertEquals(2, payload.getJsonArray("items").getJsonObject(0).getInt("qty"));
        assertEquals("CNY", payload.getJsonObject("total").getString("currency"));
        assertEquals(String.valueOf(id), request.header("X-Notify-Id"));
    }

    @Test
    void successWithSpacesAndCapitalsCounts() {
        String orderNo = uniqueOrderNo("spaced");
        long id = api.submit(notificationJson(orderNo, merchant.url("/ok-spaced"), null)).data()
                .getJsonNumber("id").longValue();
        JsonObject delivered = api.awaitStatus(id, "success", WAIT);
        assertEquals(1, delivered.getInt("attempts"));
        assertTrue(delivered.isNull("last_error"));
    }

    @Test
    void aDuplicateSubmissionIsDeliveredOnce() {
        String orderNo = uniqueOrderNo("once");
        String body = notificationJson(orderNo, merchant.url("/ok"), null);
        long id = api.submit(body).data().getJsonNumber("id").longValue();
        assertEquals("duplicate", api.submit(body).msg());
        api.awaitStatus(id, "success", WAIT);
        assertEquals("duplicate", api.submit(body).msg(), "still a duplicate once delivered");

        NotifyApi.sleep(2500);
        assertEquals(1, merchant.receivedWith(orderNo).size());
    }

    @Test
    void aSlowMerchantWithinTheTimeoutIsStillASuccess() {
        String orderNo = uniqueOrderNo("slow");
        long id = api.submit(notificationJson(orderNo, merchant.url("/slow-1200"), null)).data()
                .getJsonNumber("id").longValue();
        JsonObject delivered = api.awaitStatus(id, "success", WAIT);
        long duration = delivered.getJsonArray("deliveries").getJsonObject(0).getJsonNumber("duration_ms").longValue();
        assertTrue(duration >= 1200, "the attempt's duration is measured: " + duration);
    }

    private static Received single(String orderNo) {
        List<Received> received = merchant.receivedWith(orderNo);
        assertEquals(1, received.size(), "requests received for " + orderNo + ": " + received);
        return received.get(0);
    }
}
