package dev.merchantnotify.admin;

import dev.merchantnotify.alerting.AlertType;
import dev.merchantnotify.deliverylog.AttemptSearch;
import dev.merchantnotify.deliverylog.Notification;
import dev.merchantnotify.deliverylog.NotificationStatus;
import dev.merchantnotify.merchant.Merchant;
import dev.merchantnotify.merchant.MerchantKey;
import dev.merchantnotify.merchant.MerchantStatus;
import dev.merchantnotify.merchant.NotifyUrl;
import dev.merchantnotify.operator.OperatorQueries;
import dev.merchantnotify.operator.OperatorActions;
import dev.merchantnotify.operator.AuditView;
import dev.merchantnotify.operator.Operator;
import dev.merchantnotify.operator.RecoverableView;
import dev.merchantnotify.operator.AlertView;
import dev.merchantnotify.operator.CleanupView;
import dev.merchantnotify.operator.JobView;
import dev.merchantnotify.operator.RetryView;
import dev.merchantnotify.operator.SecretView;
import dev.merchantnotify.platform.ApiException;
import dev.merchantnotify.platform.ApiResponse;
import dev.merchantnotify.platform.JsonBody;
import dev.merchantnotify.platform.Page;
import dev.merchantnotify.platform.PageRequest;
import dev.merchantnotify.security.OutboundGuard;
import dev.merchantnotify.signing.MerchantSecrets;
import dev.merchantnotify.signing.SignType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The operators' API, the seed's nine endpoints under {@code /admin/merchant-notify/} plus {@code alerts},
 * {@code audit} and the merchants' signing secrets ({@code merchant-secret}, {@code remove-merchant-secret}): parameters
 * in, envelope out.
 * The work is done by {@link OperatorQueries} and {@link OperatorActions}, which the console calls too.
 */
@Path("admin/merchant-notify")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin", description = "Monitoring and management (role admin)")
@APIResponse(responseCode = "400", description = "A parameter or the body is invalid; msg says which and why")
@APIResponse(responseCode = "401", description = "No or wrong credentials")
@APIResponse(responseCode = "403", description = "The user lacks the role admin")
public class AdminResource {

    /** The bodies here are a few small fields. */
    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final String ALERT_TYPES = "circuit_breaker, slow_merchant, queue_backlog, success_rate, "
            + "response_time, error_rate, anomaly";

    /** The longest a replaced secret may stay valid: a year. */
    static final long MAX_GRACE_HOURS = 24 * 365;

    @Inject
    OperatorQueries queries;

    @Inject
    OperatorActions actions;

    @Inject
    OutboundGuard guard;

    @Inject
    Clock clock;

    @Context
    SecurityContext security;

    @Context
    HttpServletRequest request;

    @Context
    UriInfo uriInfo;

    @GET
    @Path("queue-status")
    @Operation(summary = "Queue status", description = "Counts of the pending list, the retry queue (retries and "
            + "breaker deferrals) and the notifications in flight, and the first 100 of the pending list (next out "
            + "first) and of the retry queue (soonest due first).")
    @APIResponse(responseCode = "200", description = "pending_count, retry_count, inflight_count, pending_orders, "
            + "retry_orders")
    public Response queueStatus() {
        return ApiResponse.ok("ok", queries.queueStatus());
    }

    @GET
    @Path("logs")
    @Operation(summary = "Delivery log", description = "Every call made to a merchant, newest first, paged: total, "
            + "page, limit, list. status is 1 for a success, 0 for a failure.")
    @APIResponse(responseCode = "200", description = "A page of the log")
    public Response logs(
            @Parameter(description = "Page number, from 1", example = "1") @QueryParam("page") String page,
            @Parameter(description = "Lines per page, 20 by default, at most 100 (a larger value is capped)",
                    example = "20") @QueryParam("limit") String limit,
            @Parameter(description = "Only orders whose order_no starts with this", example = "BY20251010")
            @QueryParam("order_no") String orderNo,
            @Parameter(description = "1: successful calls only, 0: failed calls only", example = "1")
            @QueryParam("status") String status,
            @Parameter(description = "Only the calls to this merchant or destination (its merchant_key or "
                    + "destination_key)") @QueryParam("merchant_key") String merchantKey,
            @Parameter(description = "Only the calls for this merchant account's notifications")
            @QueryParam("merchant_no") String merchantNo) {
        PageRequest pageRequest = PageRequest.parse(page, limit);
        Boolean success = null;
        if (status != null && !status.isBlank()) {
            success = switch (status.trim()) {
                case "1" -> Boolean.TRUE;
                case "0" -> Boolean.FALSE;
                default -> throw ApiException.badRequest("status must be 1 (success) or 0 (failure), not "
                        + ApiException.quote(status));
            };
        }
        checkOrderNoLength(orderNo);
        AttemptSearch search = new AttemptSearch(orderNo == null || orderNo.isEmpty() ? null : orderNo, success,
                merchantKey == null || merchantKey.isBlank() ? null : merchantKey.trim(),
                merchantNo == null || merchantNo.isBlank() ? null : merchantNo.trim());
        return ApiResponse.ok("ok", queries.logs(search, pageRequest));
    }

    @POST
    @Path("retry")
    @Operation(summary = "Retry a notification now", description = "Queues the notification (order_id: its id) or "
            + "every notification of an order (order_no, optionally narrowed by event) again, first in line, with "
            + "a fresh attempt budget, whatever its state: delivered, failed, or waiting. Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "by id", value = "{\"order_id\": 123}"),
            @ExampleObject(name = "by order number", value = "{\"order_no\": \"BY20251010001\"}")}))
    @APIResponse(responseCode = "200", description = "count, and each notification with its previous status")
    @APIResponse(responseCode = "404", description = "No such notification")
    @APIResponse(responseCode = "415", description = "The body is not JSON")
    public Response retry(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        JsonObject json = JsonBody.readObject(contentType, body, MAX_BODY_BYTES, 415);
        Long id = JsonBody.optionalLong(json, "order_id");
        String orderNo = JsonBody.optionalString(json, "order_no");
        String event = JsonBody.optionalString(json, "event");
        if (id != null && orderNo != null) {
            throw ApiException.badRequest("give order_id or order_no, not both");
        }
        if (id == null && (orderNo == null || orderNo.isBlank())) {
            throw ApiException.badRequest("order_id (a notification id) or order_no is required");
        }
        if (id != null && id < 1) {
            throw ApiException.badRequest("order_id must be 1 or more, not " + id);
        }
        checkOrderNoLength(orderNo);
        if (id != null && event != null) {
            throw ApiException.badRequest("event narrows an order_no; order_id names one notification already");
        }
        RetryView view = RetryView.of(actions.retry(id, orderNo, event, operator()));
        return ApiResponse.ok("queued " + view.count() + " notification(s) for delivery now", view);
    }

    @GET
    @Path("stats")
    @Operation(summary = "Delivery statistics", description = "Notifications created and calls made in the range, "
            + "in total and per UTC day: total, success, failed, pending, success_rate (% of the notifications "
            + "delivered), avg_response_time (s), retry_rate (% needing more than one attempt), error_rate (% of "
            + "calls that failed). Rates are null when there is nothing to divide by.")
    @APIResponse(responseCode = "200", description = "Totals, rates and days")
    public Response stats(
            @Parameter(description = "A date or a date-time (UTC unless an offset is given); 7 days before "
                    + "end_time by default", example = "2025-01-01") @QueryParam("start_time") String start,
            @Parameter(description = "A date (that day included) or a date-time; now by default",
                    example = "2025-01-31") @QueryParam("end_time") String end) {
        TimeRange range = TimeRange.parse(start, end, clock.instant());
        return ApiResponse.ok("ok", queries.stats(range.from(), range.to()));
    }

    @POST
    @Path("cleanup")
    @Operation(summary = "Delete old delivery logs", description = "Deletes the log lines (attempts) older than "
            + "days days, and the finished notifications (delivered or failed) created before then, in batches. "
            + "Pending notifications are never deleted. Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "keep 30 days", value = "{\"days\": 30}")))
    @APIResponse(responseCode = "200", description = "What was deleted")
    @APIResponse(responseCode = "415", description = "The body is not JSON")
    public Response cleanup(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        JsonObject json = JsonBody.readObject(contentType, body, MAX_BODY_BYTES, 415);
        Long days = JsonBody.optionalLong(json, "days");
        if (days == null) {
            throw ApiException.badRequest("days is required: the log of the last that many days is kept");
        }
        if (days < 1 || days > OperatorActions.MAX_CLEANUP_DAYS) {
            throw ApiException.badRequest("days must be between 1 and " + OperatorActions.MAX_CLEANUP_DAYS + ", not "
                    + days);
        }
        CleanupView view = CleanupView.of(days.intValue(), actions.cleanup(days.intValue(), operator()));
        return ApiResponse.ok("deleted " + view.deletedNotifications() + " notification(s) and "
                + view.deletedLogs() + " log line(s)", view);
    }

    @GET
    @Path("merchant-status")
    @Operation(summary = "A merchant's status", description = "By notify_url: merchant_key, failure_count, "
            + "avg_response_time (s), is_circuit_breaker_open, is_slow_merchant, status (normal, slow, "
            + "circuit_breaker).")
    @APIResponse(responseCode = "200", description = "The merchant's status")
    @APIResponse(responseCode = "404", description = "No notification was ever accepted for this merchant")
    public Response merchantStatus(@Parameter(description = "The merchant's notify URL", required = true,
            example = "https://example.com/notify") @QueryParam("notify_url") String notifyUrl) {
        return ApiResponse.ok("ok", queries.merchantStatus(keyOf(notifyUrl), notifyUrl));
    }

    @POST
    @Path("reset-circuit-breaker")
    @Operation(summary = "Reset a merchant's circuit breaker", description = "Closes the breaker and clears the "
            + "failure count; deferred notifications go out when next due. Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "reset", value = "{\"notify_url\": \"https://example.com/notify\"}")))
    @APIResponse(responseCode = "200", description = "The merchant's status after the reset")
    @APIResponse(responseCode = "404", description = "No notification was ever accepted for this merchant")
    @APIResponse(responseCode = "415", description = "The body is not JSON")
    public Response resetCircuitBreaker(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                        InputStream body) {
        JsonObject json = JsonBody.readObject(contentType, body, MAX_BODY_BYTES, 415);
        String notifyUrl = JsonBody.optionalString(json, "notify_url");
        MerchantKey key = keyOf(notifyUrl);
        return ApiResponse.ok("circuit breaker reset", actions.resetBreaker(key, notifyUrl, operator()));
    }

    @GET
    @Path("all-merchant-status")
    @Operation(summary = "Every merchant's status", description = "Every merchant seen, first seen first, paged, "
            + "with the fields of merchant-status; status narrows to one status.")
    @APIResponse(responseCode = "200", description = "A page of merchants")
    public Response allMerchantStatus(
            @Parameter(description = "Page number, from 1", example = "1") @QueryParam("page") String page,
            @Parameter(description = "Merchants per page, 20 by default, at most 100", example = "20")
            @QueryParam("limit") String limit,
            @Parameter(description = "normal, slow or circuit_breaker", in = ParameterIn.QUERY)
            @QueryParam("status") String status) {
        PageRequest pageRequest = PageRequest.parse(page, limit);
        MerchantStatus filter = null;
        if (status != null && !status.isBlank()) {
            filter = Arrays.stream(MerchantStatus.values()).filter(s -> s.apiName().equals(status.trim()))
                    .findFirst().orElseThrow(() -> ApiException.badRequest("status must be one of "
                            + Arrays.stream(MerchantStatus.values()).map(MerchantStatus::apiName)
                            .collect(Collectors.joining(", ")) + ", not " + ApiException.quote(status)));
        }
        return ApiResponse.ok("ok", queries.allMerchantStatus(filter, pageRequest));
    }

    @POST
    @Path("send-alert")
    @Operation(summary = "Send a merchant alert", description = "Raises a slow_merchant or circuit_breaker alert "
            + "about the merchant with its current figures, through the alerting channel; the alert is stored "
            + "whether it was sent or not. Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "slow merchant", value = "{\"notify_url\": \"https://example.com/notify\","
                    + " \"alert_type\": \"slow_merchant\"}")))
    @APIResponse(responseCode = "200", description = "The alert as stored: text, sent or not, and why not")
    @APIResponse(responseCode = "202", description = "Telegram had not answered within 20 s: the alert is still "
            + "being sent, and its outcome will be in the alert history")
    @APIResponse(responseCode = "404", description = "No notification was ever accepted for this merchant")
    @APIResponse(responseCode = "415", description = "The body is not JSON")
    public Response sendAlert(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        JsonObject json = JsonBody.readObject(contentType, body, MAX_BODY_BYTES, 415);
        String notifyUrl = JsonBody.optionalString(json, "notify_url");
        String typeName = JsonBody.optionalString(json, "alert_type");
        MerchantKey key = keyOf(notifyUrl);
        String allowed = Arrays.stream(AlertType.values()).filter(AlertType::aboutMerchant).map(AlertType::apiName)
                .collect(Collectors.joining(" or "));
        if (typeName == null || typeName.isBlank()) {
            throw ApiException.badRequest("alert_type is required: " + allowed);
        }
        AlertType type = AlertType.fromApiName(typeName.trim().toLowerCase(Locale.ROOT))
                .filter(AlertType::aboutMerchant).orElseThrow(() ->
                ApiException.badRequest("alert_type must be " + allowed + ", not " + ApiException.quote(typeName)));
        return actions.sendAlert(key, notifyUrl, type, operator()).map(AlertView::of)
                .map(view -> ApiResponse.ok(view.sent() ? "alert sent" : "alert stored, not sent: " + view.error(), view))
                .orElseGet(() -> ApiResponse.of(Response.Status.ACCEPTED, "alert accepted: Telegram has not answered "
                        + "yet; the outcome will be in the alert history (GET alerts)", null));
    }

    @GET
    @Path("alerts")
    @Operation(summary = "Alert history", description = "Every alert raised, newest first, paged: breaker and "
            + "slow-merchant alerts, threshold alerts and their recoveries, manual sends; with its text, the chats it "
            + "went to, and why it was not sent.")
    @APIResponse(responseCode = "200", description = "A page of alerts")
    public Response alerts(
            @Parameter(description = "Page number, from 1", example = "1") @QueryParam("page") String page,
            @Parameter(description = "Alerts per page, 20 by default, at most 100", example = "20")
            @QueryParam("limit") String limit,
            @Parameter(description = "Only this type: " + ALERT_TYPES) @QueryParam("alert_type") String typeName) {
        PageRequest pageRequest = PageRequest.parse(page, limit);
        AlertType type = null;
        if (typeName != null && !typeName.isBlank()) {
            type = AlertType.fromApiName(typeName.trim().toLowerCase(Locale.ROOT)).orElseThrow(() ->
                    ApiException.badRequest("alert_type must be one of " + ALERT_TYPES + ", not "
                            + ApiException.quote(typeName)));
        }
        long total = queries.alertCount(type);
        AlertType only = type;
        return ApiResponse.ok("ok", Page.of(pageRequest, total, total <= pageRequest.offset() ? List.of()
                : queries.alerts(only, pageRequest.offset(), pageRequest.limit()).stream().map(AlertView::of)
                .toList()));
    }

    @POST
    @Path("merchant-secret")
    @Operation(summary = "Issue or rotate a merchant's signing secret", description = "Gives the merchant (by "
            + "notify_url, registered if not seen yet; or by merchant_key, such as a destination's destination_key) a "
            + "new signing secret, generated (whsec_ + 32 random bytes in "
            + "Base64) unless secret supplies one. The answer is the only place the secret is shown. A replaced secret "
            + "stays valid for grace_hours (default notify.signing.rotation-grace-hours; 0 stops it at once): both "
            + "signatures are sent meanwhile. sign_type (MD5, the default, or HMAC-SHA256) signs form deliveries; json "
            + "deliveries carry Standard Webhooks signatures. Audited, without the secret.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "issue", value = "{\"notify_url\": \"https://example.com/notify\", "
                    + "\"sign_type\": \"MD5\"}")))
    @APIResponse(responseCode = "200", description = "The secret, shown this once, and the previous one's validity")
    @APIResponse(responseCode = "415", description = "The body is not JSON")
    public Response issueMerchantSecret(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        JsonObject json = JsonBody.readObject(contentType, body, MAX_BODY_BYTES, 415);
        String notifyUrl = JsonBody.optionalString(json, "notify_url");
        MerchantKey key;
        if (json.containsKey("merchant_key")) {
            Target target = targetOf(json);
            key = target.key();
            notifyUrl = target.notifyUrl();
        } else {
            key = MerchantKey.of(notifyUri(notifyUrl, guard::parseNotifyUrl));
        }
        String signTypeName = JsonBody.optionalString(json, "sign_type");
        SignType signType = signTypeName == null ? SignType.MD5 : SignType.fromApiName(signTypeName.trim())
                .orElseThrow(() -> ApiException.badRequest("sign_type must be MD5 or HMAC-SHA256, not "
                        + ApiException.quote(signTypeName)));
        String supplied = JsonBody.optionalString(json, "secret");
        if (supplied != null) {
            try {
                MerchantSecrets.checkSupplied(supplied);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("secret " + e.getMessage());
            }
        }
        Long graceHours = JsonBody.optionalLong(json, "grace_hours");
        if (graceHours != null && (graceHours < 0 || graceHours > MAX_GRACE_HOURS)) {
            throw ApiException.badRequest("grace_hours must be between 0 and " + MAX_GRACE_HOURS + ", not " + graceHours);
        }
        Duration grace = graceHours == null ? queries.secretRotationGrace() : Duration.ofHours(graceHours);
        SecretView view = actions.issueSecret(key, notifyUrl, signType, supplied, grace, operator());
        String msg = view.rotatedAt() == null ? "secret created; it is shown only this once"
                : view.previousValidUntil() != null ? "secret rotated; it is shown only this once; the previous one "
                + "stays valid until " + view.previousValidUntil()
                : "secret replaced; it is shown only this once; the previous one stopped at once";
        return ApiResponse.ok(msg, view);
    }

    @GET
    @Path("merchant-secret")
    @Operation(summary = "A merchant's signing secret, without the secret", description = "By notify_url or "
            + "merchant_key: sign_type, "
            + "secret_hint (its last four characters), created_at, rotated_at, previous_valid_until.")
    @APIResponse(responseCode = "200", description = "The secret's metadata")
    @APIResponse(responseCode = "404", description = "The merchant has no signing secret")
    public Response merchantSecret(@Parameter(description = "The merchant's notify URL (or give merchant_key)",
            example = "https://example.com/notify") @QueryParam("notify_url") String notifyUrl,
                                   @Parameter(description = "A merchant's or a destination's key (or give notify_url)")
                                   @QueryParam("merchant_key") String merchantKey) {
        JsonObjectBuilder named = Json.createObjectBuilder();
        if (notifyUrl != null) {
            named.add("notify_url", notifyUrl);
        }
        if (merchantKey != null) {
            named.add("merchant_key", merchantKey);
        }
        Target target = targetOf(named.build());
        return ApiResponse.ok("ok", queries.merchantSecret(target.key(), target.notifyUrl())
                .orElseThrow(() -> ApiException.notFound("the merchant with notify_url "
                        + ApiException.quote(target.notifyUrl()) + " (merchant_key " + target.key().value()
                        + ") has no signing secret")));
    }

    @POST
    @Path("remove-merchant-secret")
    @Operation(summary = "Remove a merchant's signing secret", description = "The merchant's deliveries go unsigned "
            + "from then on (on other nodes within notify.signing.refresh-seconds). Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "remove", value = "{\"notify_url\": \"https://example.com/notify\"}")))
    @APIResponse(responseCode = "200", description = "The removed secret's metadata")
    @APIResponse(responseCode = "404", description = "Unknown merchant, or it has no signing secret")
    @APIResponse(responseCode = "415", description = "The body is not JSON")
    public Response removeMerchantSecret(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                         InputStream body) {
        JsonObject json = JsonBody.readObject(contentType, body, MAX_BODY_BYTES, 415);
        Target target = targetOf(json);
        return ApiResponse.ok("secret removed; deliveries go unsigned",
                actions.removeSecret(target.key(), target.notifyUrl(), operator()));
    }

    @GET
    @Path("audit")
    @Operation(summary = "Audit record", description = "The changes operators made (retry, cleanup, "
            + "reset-circuit-breaker, send-alert, merchant-secret, remove-merchant-secret), newest first, paged: who, "
            + "what, to what, when, from where.")
    @APIResponse(responseCode = "200", description = "A page of the audit record")
    public Response audit(
            @Parameter(description = "Page number, from 1", example = "1") @QueryParam("page") String page,
            @Parameter(description = "Records per page, 20 by default, at most 100", example = "20")
            @QueryParam("limit") String limit) {
        PageRequest pageRequest = PageRequest.parse(page, limit);
        long total = queries.auditCount();
        return ApiResponse.ok("ok", Page.of(pageRequest, total, total <= pageRequest.offset() ? List.of()
                : queries.audit(pageRequest.offset(), pageRequest.limit()).stream().map(AuditView::of).toList()));
    }

    @POST
    @Path("recover")
    @Operation(summary = "Recover a merchant's notifications since a time", description = "Queues again every "
            + "notification of the merchant (notify_url or merchant_key) in status (failed by default; success sends "
            + "delivered ones once more) created from since to until (now by default), each with a fresh attempt "
            + "budget, in batches that each commit, behind the notifications already waiting; the merchant's lanes "
            + "pace them. dry_run: true only counts them. Answers the job: done with the count queued, or (after "
            + "notify.operator.job-wait-seconds) running, with 202 and a Location to poll. Audited once, with the "
            + "count.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "failed since an outage", value = "{\"notify_url\": \"https://example.com/notify\", "
                    + "\"since\": \"2025-01-31T08:00:00+08:00\", \"status\": \"failed\"}"),
            @ExampleObject(name = "count first", value = "{\"merchant_key\": \"27718a914320e417\", "
                    + "\"since\": \"2025-01-31\", \"until\": \"2025-01-31\", \"dry_run\": true}")}))
    @APIResponse(responseCode = "200", description = "The job, done (queued: how many), or the count (dry_run)")
    @APIResponse(responseCode = "202", description = "The job, still running: poll its Location (GET jobs/{job_id})")
    @APIResponse(responseCode = "404", description = "No such merchant")
    @APIResponse(responseCode = "415", description = "The body is not JSON")
    public Response recover(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        JsonObject json = JsonBody.readObject(contentType, body, MAX_BODY_BYTES, 415);
        Target target = targetOf(json);
        String since = JsonBody.optionalString(json, "since");
        if (since == null || since.isBlank()) {
            throw ApiException.badRequest("since is required: the notifications created from then on are recovered");
        }
        Instant from = TimeRange.parse("since", since, false);
        String until = JsonBody.optionalString(json, "until");
        Instant to = until == null || until.isBlank() ? clock.instant() : TimeRange.parse("until", until, true);
        String status = JsonBody.optionalString(json, "status");
        NotificationStatus state = status == null ? NotificationStatus.FAILED : switch (status.trim()) {
            case "failed" -> NotificationStatus.FAILED;
            case "success" -> NotificationStatus.SUCCESS;
            default -> throw ApiException.badRequest("status must be failed or success, not "
                    + ApiException.quote(status));
        };
        JsonValue dryRun = json.get("dry_run");
        if (dryRun != null && dryRun != JsonValue.TRUE && dryRun != JsonValue.FALSE && dryRun != JsonValue.NULL) {
            throw ApiException.badRequest("dry_run must be true or false");
        }
        if (dryRun == JsonValue.TRUE) {
            RecoverableView view = queries.recoverable(target.key(), target.notifyUrl(), state, from, to);
            return ApiResponse.ok(view.count() + " notification(s) would be queued again", view);
        }
        JobView job = actions.recover(target.key(), target.notifyUrl(), state, from, to, operator());
        return job(job, job.finished() ? "queued " + job.queued() + " of " + job.total() + " notification(s) again"
                : "recovering: " + job.queued() + " of " + job.total() + " queued so far; poll the job", job);
    }

    @POST
    @Path("pause-merchant")
    @Operation(summary = "Pause a merchant", description = "While paused, the merchant's notifications (new ones "
            + "and retries) are accepted and kept but not sent: no attempt is used and none expires; attempts already "
            + "under way finish. Its status is paused on every node. Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "pause", value = "{\"notify_url\": \"https://example.com/notify\", "
                    + "\"reason\": \"moving servers until 22:00\"}")))
    @APIResponse(responseCode = "200", description = "The merchant's status, paused")
    @APIResponse(responseCode = "404", description = "No such merchant")
    @APIResponse(responseCode = "415", description = "The body is not JSON")
    public Response pauseMerchant(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        JsonObject json = JsonBody.readObject(contentType, body, MAX_BODY_BYTES, 415);
        Target target = targetOf(json);
        return ApiResponse.ok("merchant paused: its notifications are kept, not sent, until it is resumed",
                actions.pause(target.key(), target.notifyUrl(), reasonOf(json), operator()));
    }

    @POST
    @Path("resume-merchant")
    @Operation(summary = "Resume a paused merchant", description = "Its notifications kept while paused are queued "
            + "again (in batches, behind the notifications already waiting) and sent at its lanes' usual pace. "
            + "Answers the merchant's status and the job that queues them (202 if it is still running). Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "resume", value = "{\"notify_url\": \"https://example.com/notify\"}")))
    @APIResponse(responseCode = "200", description = "merchant: its status; job: the queueing of its backlog, done")
    @APIResponse(responseCode = "202", description = "The same, the job still running: poll GET jobs/{job_id}")
    @APIResponse(responseCode = "404", description = "No such merchant")
    @APIResponse(responseCode = "415", description = "The body is not JSON")
    public Response resumeMerchant(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        JsonObject json = JsonBody.readObject(contentType, body, MAX_BODY_BYTES, 415);
        Target target = targetOf(json);
        OperatorActions.Resumed resumed = actions.resume(target.key(), target.notifyUrl(), reasonOf(json), operator());
        JobView job = resumed.job();
        String msg = "merchant resumed: " + (job.finished() ? job.queued() + " kept notification(s) queued"
                : job.queued() + " of " + job.total() + " kept notification(s) queued so far");
        return job(job, msg, resumed);
    }

    @GET
    @Path("jobs/{job_id}")
    @Operation(summary = "An operator's job", description = "A recover or resume-merchant that took longer than "
            + "notify.operator.job-wait-seconds: state running, done, failed (error says why) or abandoned (its "
            + "node stopped: what was queued stays queued; running the request again queues the rest), total found "
            + "and queued so far. Kept 7 days.")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(responseCode = "404", description = "No such job (or older than 7 days)")
    public Response job(@Parameter(description = "The job id a 202 answered", required = true)
                        @PathParam("job_id") String jobId) {
        return ApiResponse.ok("ok", queries.job(jobId).orElseThrow(() -> ApiException.notFound("no job with job_id "
                + ApiException.quote(jobId) + " (jobs are kept 7 days)")));
    }

    /** 200 with {@code data} when the job is finished, else 202 with it and the job's Location. */
    private Response job(JobView job, String msg, Object data) {
        if (job.finished()) {
            return ApiResponse.ok(msg, data);
        }
        return Response.accepted(new ApiResponse(202, msg, data)).location(jobUri(job)).build();
    }

    private URI jobUri(JobView job) {
        return uriInfo.getBaseUriBuilder().path(AdminResource.class).path("jobs").path(job.jobId()).build();
    }

    /** The merchant a body names, by notify_url or merchant_key (one of them). */
    private record Target(MerchantKey key, String notifyUrl) {
    }

    private Target targetOf(JsonObject json) {
        String notifyUrl = JsonBody.optionalString(json, "notify_url");
        String merchantKey = JsonBody.optionalString(json, "merchant_key");
        if (notifyUrl != null && merchantKey != null) {
            throw ApiException.badRequest("give notify_url or merchant_key, not both");
        }
        if (merchantKey == null) {
            if (notifyUrl == null || notifyUrl.isBlank()) {
                throw ApiException.badRequest("notify_url or merchant_key is required");
            }
            return new Target(keyOf(notifyUrl), notifyUrl);
        }
        MerchantKey key;
        try {
            key = new MerchantKey(merchantKey.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("merchant_key must be 16 lower-case hex digits, not "
                    + ApiException.quote(merchantKey));
        }
        return new Target(key, queries.knownMerchant(key).getNotifyUrl());
    }

    private static String reasonOf(JsonObject json) {
        String reason = JsonBody.optionalString(json, "reason");
        if (reason == null || reason.isBlank()) {
            return null;
        }
        if (reason.length() > Merchant.MAX_PAUSE_REASON_LENGTH) {
            throw ApiException.badRequest("reason is longer than " + Merchant.MAX_PAUSE_REASON_LENGTH + " characters");
        }
        return reason.trim();
    }

    private Operator operator() {
        return new Operator(security.getUserPrincipal().getName(), request.getRemoteAddr());
    }

    private static void checkOrderNoLength(String orderNo) {
        if (orderNo != null && orderNo.length() > Notification.MAX_ORDER_NO_LENGTH) {
            throw ApiException.badRequest("order_no is longer than " + Notification.MAX_ORDER_NO_LENGTH
                    + " characters");
        }
    }

    private static MerchantKey keyOf(String notifyUrl) {
        return MerchantKey.of(notifyUri(notifyUrl, NotifyUrl::parse));
    }

    /** The required notify_url read by {@code reading}; 400 naming the field if it is missing or refused. */
    private static URI notifyUri(String notifyUrl, Function<String, URI> reading) {
        if (notifyUrl == null || notifyUrl.isBlank()) {
            throw ApiException.badRequest("notify_url is required");
        }
        try {
            return reading.apply(notifyUrl);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("notify_url " + e.getMessage());
        }
    }
}
