package dev.merchantnotify.ingest;

import dev.merchantnotify.deliverylog.BroadcastPart;
import dev.merchantnotify.deliverylog.DeliveryAttempt;
import dev.merchantnotify.deliverylog.Receipts;
import dev.merchantnotify.deliverylog.Notification;
import dev.merchantnotify.deliverylog.NotificationRef;
import dev.merchantnotify.deliverylog.Notifications;
import dev.merchantnotify.platform.ApiException;
import dev.merchantnotify.platform.ApiResponse;
import dev.merchantnotify.security.OutboundGuard;
import dev.merchantnotify.platform.JsonBody;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The producers' API: submit notifications, one or a batch, and read where they stand. */
@Path("api/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {

    /** At most this many notifications per batch. */
    static final int MAX_BATCH = 1000;
    /** A single submission: one payload (64 KB) plus its fields, with room to spare. */
    static final int MAX_SINGLE_BODY_BYTES = 96 * 1024;
    /** A batch: 16 MB, e.g. 1000 notifications of 16 KB each. */
    static final int MAX_BATCH_BODY_BYTES = 16 * 1024 * 1024;

    @Inject
    Ingest ingest;

    @Inject
    Notifications notifications;

    @Inject
    Receipts receipts;

    @Inject
    OutboundGuard guard;

    @POST
    @Operation(summary = "Submit a notification", description = "Stored and queued for delivery. notify_url: "
            + "delivered there. merchant_no: routed by the merchant account's route for the event (single, "
            + "failover, weighted or broadcast); with a notify_url too, that URL comes first and the route after it. "
            + "One notification per order_no and event: a repeat answers the existing one as a duplicate.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "to a notify URL", value = "{\"order_no\": \"BY20251010001\", "
                    + "\"notify_url\": \"https://shop.example/notify\", \"payload\": {\"order_no\": "
                    + "\"BY20251010001\", \"total_amount\": \"99.00\"}}"),
            @ExampleObject(name = "routed by a merchant account", value = "{\"order_no\": \"BY20251010002\", "
                    + "\"merchant_no\": \"M10001\", \"event\": \"order.paid\", \"format\": \"json\", "
                    + "\"payload\": {\"order_no\": \"BY20251010002\", \"total_amount\": \"99.00\"}}")}))
    @APIResponse(responseCode = "202", description = "accepted: id, order_no, event, merchant_key, status")
    @APIResponse(responseCode = "200", description = "duplicate: the notification submitted before")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid, or merchant_no cannot be "
            + "routed (unknown or disabled account, no enabled route for the event); msg names the field")
    public Response submit(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        NotificationRequest request = ingest.route(
                NotificationRequest.parse(readJson(contentType, body, MAX_SINGLE_BODY_BYTES), "", guard), "");
        IngestResult result = ingest.accept(List.of(request)).get(0);
        AcceptedView view = AcceptedView.of(result.notification());
        return result.duplicate()
                ? ApiResponse.ok("duplicate", view)
                : ApiResponse.of(Response.Status.ACCEPTED, "accepted", view);
    }

    @POST
    @Path("batch")
    @Operation(summary = "Submit up to 1000 notifications", description = "One transaction: each item is "
            + "accepted, a duplicate, or rejected with a msg naming its field (notifications[2].notify_url ...); a "
            + "rejected item never stops the others.")
    @APIResponse(responseCode = "200", description = "processed: accepted, duplicate and rejected counts, and a "
            + "result per item in order")
    public Response submitBatch(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        JsonValue json = readJson(contentType, body, MAX_BATCH_BODY_BYTES);
        if (json.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ApiException.badRequest("the body must be a JSON object with a \"notifications\" array");
        }
        JsonValue items = json.asJsonObject().get("notifications");
        if (items == null || items.getValueType() != JsonValue.ValueType.ARRAY) {
            throw ApiException.badRequest("notifications is required and must be an array");
        }
        int size = items.asJsonArray().size();
        if (size == 0) {
            throw ApiException.badRequest("notifications must not be empty");
        }
        if (size > MAX_BATCH) {
            throw ApiException.badRequest("notifications holds " + size + " items; at most " + MAX_BATCH
                    + " are allowed per batch");
        }

        Map<Integer, BatchView.ItemResult> results = new TreeMap<>();
        List<NotificationRequest> valid = new ArrayList<>(size);
        List<Integer> validIndexes = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            try {
                String where = "notifications[" + i + "].";
                valid.add(ingest.route(NotificationRequest.parse(items.asJsonArray().get(i), where, guard), where));
                validIndexes.add(i);
            } catch (ApiException e) {
                results.put(i, new BatchView.ItemResult(i, "rejected", null, orderNoOf(items.asJsonArray().get(i)), null,
                        e.getMessage()));
            }
        }
        int accepted = 0;
        int duplicate = 0;
        if (!valid.isEmpty()) {
            List<IngestResult> stored = ingest.accept(valid);
            for (int k = 0; k < stored.size(); k++) {
                IngestResult result = stored.get(k);
                NotificationRef n = result.notification();
                int index = validIndexes.get(k);
                results.put(index, new BatchView.ItemResult(index, result.duplicate() ? "duplicate" : "accepted",
                        n.id(), n.orderNo(), n.merchantKey(), null));
                if (result.duplicate()) {
                    duplicate++;
                } else {
                    accepted++;
                }
            }
        }
        int rejected = size - accepted - duplicate;
        return ApiResponse.ok("processed",
                new BatchView(accepted, duplicate, rejected, new ArrayList<>(results.values())));
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id) {
        long notificationId;
        try {
            notificationId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("the notification id must be a number, not " + ApiException.quote(id));
        }
        Notification notification = notifications.find(notificationId)
                .orElseThrow(() -> ApiException.notFound("no notification with id " + notificationId));
        List<DeliveryAttempt> attempts = notifications.attemptsOf(notificationId);
        boolean texted = attempts.stream().anyMatch(a -> "sms".equals(a.getChannel()));
        return ApiResponse.ok("ok", NotificationView.of(notification, attempts,
                notification.getRole() == BroadcastPart.BROADCAST ? notifications.copiesOf(notificationId) : null,
                texted ? receipts.of(notificationId) : List.of()));
    }

    @GET
    public Response findByOrderNo(@QueryParam("order_no") String orderNo) {
        if (orderNo == null || orderNo.isBlank()) {
            throw ApiException.badRequest("order_no is required");
        }
        List<NotificationView> found = notifications.findByOrderNo(orderNo).stream()
                .map(n -> NotificationView.of(n, null))
                .toList();
        return ApiResponse.ok("ok", found);
    }

    private static JsonValue readJson(String contentType, InputStream body, int maxBytes) {
        return JsonBody.read(contentType, body, maxBytes, 400);
    }

    private static String orderNoOf(JsonValue item) {
        if (item != null && item.getValueType() == JsonValue.ValueType.OBJECT
                && item.asJsonObject().get("order_no") instanceof jakarta.json.JsonString s) {
            String orderNo = s.getString();
            // Echoed as given (JSON escapes it), clipped if it is too long to be valid anyway.
            return orderNo.length() <= Notification.MAX_ORDER_NO_LENGTH ? orderNo
                    : orderNo.substring(0, Notification.MAX_ORDER_NO_LENGTH) + "…";
        }
        return null;
    }
}
