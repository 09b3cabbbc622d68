package dev.merchantnotify.admin;

import dev.merchantnotify.operator.AccountView;
import dev.merchantnotify.operator.DestinationTestView;
import dev.merchantnotify.operator.DestinationView;
import dev.merchantnotify.operator.Operator;
import dev.merchantnotify.operator.RouteView;
import dev.merchantnotify.operator.RoutingOperations;
import dev.merchantnotify.operator.RoutingOperations.AccountInput;
import dev.merchantnotify.operator.RoutingOperations.DestinationInput;
import dev.merchantnotify.operator.RoutingOperations.MemberInput;
import dev.merchantnotify.operator.RoutingOperations.RouteInput;
import dev.merchantnotify.platform.ApiException;
import dev.merchantnotify.platform.ApiResponse;
import dev.merchantnotify.platform.JsonBody;
import dev.merchantnotify.platform.PageRequest;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Merchant accounts, their destinations and routes, under {@code /admin/merchant-notify/accounts}: JSON in, envelope
 * out. The work and every check are {@link RoutingOperations}', which the console calls too; this class reads the
 * request's JSON types (a wrong type is a 400 naming the field).
 */
@Path("admin/merchant-notify/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Routing", description = "Merchant accounts, destinations and routes (role admin)")
@APIResponse(responseCode = "400", description = "A parameter or the body is invalid; msg names the field and why")
@APIResponse(responseCode = "401", description = "No or wrong credentials")
@APIResponse(responseCode = "403", description = "The user lacks the role admin")
public class RoutingResource {

    /** A destination's settings and a route's tiers are small. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    @Inject
    RoutingOperations routing;

    @Context
    SecurityContext security;

    @Context
    HttpServletRequest request;

    @GET
    @Operation(summary = "Merchant accounts", description = "Paged by merchant_no: each account's name, whether it is "
            + "enabled, its status (normal, degraded, down, no_destinations: from its destinations' health) and how "
            + "many destinations and routes it has.")
    @APIResponse(responseCode = "200", description = "total, page, limit, list")
    public Response accounts(@QueryParam("page") String page, @QueryParam("limit") String limit) {
        return ApiResponse.ok("ok", routing.accounts(PageRequest.parse(page, limit)));
    }

    @POST
    @Operation(summary = "Register a merchant account", description = "merchant_no (the platform's merchant number: "
            + "letters, digits, '.', '_', '-') and name; enabled is true unless given. Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "account", value = "{\"merchant_no\": \"M10001\", \"name\": \"Acme "
                    + "Coffee\"}")))
    @APIResponse(responseCode = "201", description = "The account")
    @APIResponse(responseCode = "415", description = "The body is not JSON")
    public Response createAccount(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        JsonObject json = JsonBody.readObject(contentType, body, MAX_BODY_BYTES, 415);
        AccountView created = routing.createAccount(new AccountInput(JsonBody.optionalString(json, "merchant_no"),
                JsonBody.optionalString(json, "name"), JsonBody.optionalBoolean(json, "enabled")), operator());
        return created(created, "merchant account registered");
    }

    @GET
    @Path("{merchant_no}")
    @Operation(summary = "A merchant account", description = "The account with its destinations (settings without "
            + "secret values, health under each destination key) and its routes as tiers.")
    @APIResponse(responseCode = "200", description = "The account")
    @APIResponse(responseCode = "404", description = "No such account")
    public Response account(@PathParam("merchant_no") String merchantNo) {
        return ApiResponse.ok("ok", routing.account(merchantNo));
    }

    @PUT
    @Path("{merchant_no}")
    @Operation(summary = "Change a merchant account", description = "name and enabled (a disabled account's new "
            + "notifications are refused at ingest); what is left out stays. Audited.")
    @APIResponse(responseCode = "200", description = "The account")
    @APIResponse(responseCode = "404", description = "No such account")
    public Response changeAccount(@PathParam("merchant_no") String merchantNo,
                                  @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        JsonObject json = JsonBody.readObject(contentType, body, MAX_BODY_BYTES, 415);
        return ApiResponse.ok("merchant account changed", routing.changeAccount(merchantNo, new AccountInput(
                merchantNo, JsonBody.optionalString(json, "name"), JsonBody.optionalBoolean(json, "enabled")),
                operator()));
    }

    @DELETE
    @Path("{merchant_no}")
    @Operation(summary = "Delete a merchant account", description = "With its routes and destinations. Notifications "
            + "already accepted for it fail at their next attempt, saying the account is gone. Audited.")
    @APIResponse(responseCode = "200", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such account")
    public Response deleteAccount(@PathParam("merchant_no") String merchantNo) {
        routing.deleteAccount(merchantNo, operator());
        return ApiResponse.ok("merchant account deleted", null);
    }

    @POST
    @Path("{merchant_no}/destinations")
    @Operation(summary = "Add a destination", description = "name (letters, digits, '.', '_', '-'), type (http) and "
            + "that type's settings; enabled is true unless given. http settings: url (required), format (form or "
            + "json), headers (name to value: values are kept encrypted and never shown again; so is a URL with a "
            + "query or user part). Each destination has its own breaker, lane and health (its destination_key). "
            + "Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "http", value = "{\"name\": \"primary\", \"type\": \"http\", "
                    + "\"settings\": {\"url\": \"https://shop.example/notify\", \"format\": \"json\", "
                    + "\"headers\": {\"Authorization\": \"Bearer …\"}}}")))
    @APIResponse(responseCode = "201", description = "The destination")
    @APIResponse(responseCode = "404", description = "No such account")
    public Response createDestination(@PathParam("merchant_no") String merchantNo,
                                      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        JsonObject json = JsonBody.readObject(contentType, body, MAX_BODY_BYTES, 415);
        return created(routing.createDestination(merchantNo, destinationInput(json), operator()), "destination added");
    }

    @GET
    @Path("{merchant_no}/destinations/{name}")
    @Operation(summary = "A destination", description = "Its settings without secret values and its health.")
    @APIResponse(responseCode = "200", description = "The destination")
    @APIResponse(responseCode = "404", description = "No such account or destination")
    public Response destination(@PathParam("merchant_no") String merchantNo, @PathParam("name") String name) {
        return ApiResponse.ok("ok", routing.destination(merchantNo, name));
    }

    @PUT
    @Path("{merchant_no}/destinations/{name}")
    @Operation(summary = "Change a destination", description = "settings replace the old ones (a secret header given "
            + "as null keeps its stored value); name renames it; type cannot change; enabled false takes it out of "
            + "its routes until it is enabled again. Audited.")
    @APIResponse(responseCode = "200", description = "The destination")
    @APIResponse(responseCode = "404", description = "No such account or destination")
    public Response changeDestination(@PathParam("merchant_no") String merchantNo, @PathParam("name") String name,
                                      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        JsonObject json = JsonBody.readObject(contentType, body, MAX_BODY_BYTES, 415);
        return ApiResponse.ok("destination changed",
                routing.changeDestination(merchantNo, name, destinationInput(json), operator()));
    }

    @DELETE
    @Path("{merchant_no}/destinations/{name}")
    @Operation(summary = "Delete a destination", description = "Refused while a route has it as a member. Audited.")
    @APIResponse(responseCode = "200", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such account or destination")
    public Response deleteDestination(@PathParam("merchant_no") String merchantNo, @PathParam("name") String name) {
        routing.deleteDestination(merchantNo, name, operator());
        return ApiResponse.ok("destination deleted", null);
    }

    @POST
    @Path("{merchant_no}/destinations/{name}/test")
    @Operation(summary = "Send a test notification to a destination", description = "Through its channel, exactly as "
            + "an attempt would be made, waiting for the outcome (at most the attempt deadline). event "
            + "(order.paid), order_no (TEST-<ms>) and payload ({\"order_no\": …}) may be given. Nothing is stored; "
            + "the destination's health does not change. Audited.")
    @APIResponse(responseCode = "200", description = "success, status, duration_ms, error_kind, error, "
            + "response_excerpt, provider_ref")
    @APIResponse(responseCode = "404", description = "No such account or destination")
    public Response testDestination(@PathParam("merchant_no") String merchantNo, @PathParam("name") String name,
                                    @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        JsonObject json = contentType == null ? JsonValue.EMPTY_JSON_OBJECT
                : JsonBody.readObject(contentType, body, MAX_BODY_BYTES, 415);
        String orderNo = JsonBody.optionalString(json, "order_no");
        JsonObject payload = JsonBody.optionalObject(json, "payload");
        if (orderNo != null && (orderNo.isBlank() || orderNo.length() > 64)) {
            throw ApiException.badRequest("order_no must be 1 to 64 characters");
        }
        DestinationTestView outcome = routing.test(merchantNo, name, JsonBody.optionalString(json, "event"), orderNo,
                payload, operator());
        return ApiResponse.ok(outcome.success() ? "test notification delivered"
                : "test notification failed: " + outcome.error(), outcome);
    }

    @POST
    @Path("{merchant_no}/routes")
    @Operation(summary = "Add a route", description = "event_pattern (order.paid, refund.*, *: the most specific "
            + "one of an account takes an event), strategy (single, failover, weighted, broadcast) and tiers: an "
            + "array of tiers, tier 1 first, each an array of members {destination, weight (1-1000, weighted), role "
            + "(required or copy, broadcast)}. failover_after (1-10, default 1): failed attempts at a member before "
            + "a failover route moves on; sticky (weighted): one member per order_no. Audited.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "failover", value = "{\"event_pattern\": \"order.paid\", "
                    + "\"strategy\": \"failover\", \"tiers\": [[{\"destination\": \"primary\"}], "
                    + "[{\"destination\": \"backup\"}]]}")))
    @APIResponse(responseCode = "201", description = "The route")
    @APIResponse(responseCode = "404", description = "No such account")
    public Response createRoute(@PathParam("merchant_no") String merchantNo,
                                @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        JsonObject json = JsonBody.readObject(contentType, body, MAX_BODY_BYTES, 415);
        return created(routing.createRoute(merchantNo, routeInput(json), operator()), "route added");
    }

    @GET
    @Path("{merchant_no}/routes/{route_id}")
    @Operation(summary = "A route")
    @APIResponse(responseCode = "200", description = "The route")
    @APIResponse(responseCode = "404", description = "No such account or route")
    public Response route(@PathParam("merchant_no") String merchantNo, @PathParam("route_id") String routeId) {
        return ApiResponse.ok("ok", routing.route(merchantNo, routeId(routeId)));
    }

    @PUT
    @Path("{merchant_no}/routes/{route_id}")
    @Operation(summary = "Change a route", description = "The route is replaced by the one given (event_pattern may "
            + "be left out to keep it). Every node routes by it within seconds. Audited.")
    @APIResponse(responseCode = "200", description = "The route")
    @APIResponse(responseCode = "404", description = "No such account or route")
    public Response changeRoute(@PathParam("merchant_no") String merchantNo, @PathParam("route_id") String routeId,
                                @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, InputStream body) {
        JsonObject json = JsonBody.readObject(contentType, body, MAX_BODY_BYTES, 415);
        RouteView changed = routing.changeRoute(merchantNo, routeId(routeId), routeInput(json), operator());
        return ApiResponse.ok("route changed", changed);
    }

    @DELETE
    @Path("{merchant_no}/routes/{route_id}")
    @Operation(summary = "Delete a route", description = "Audited.")
    @APIResponse(responseCode = "200", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such account or route")
    public Response deleteRoute(@PathParam("merchant_no") String merchantNo, @PathParam("route_id") String routeId) {
        routing.deleteRoute(merchantNo, routeId(routeId), operator());
        return ApiResponse.ok("route deleted", null);
    }

    private static DestinationInput destinationInput(JsonObject json) {
        return new DestinationInput(JsonBody.optionalString(json, "name"), JsonBody.optionalString(json, "type"),
                JsonBody.optionalObject(json, "settings"), JsonBody.optionalBoolean(json, "enabled"));
    }

    private static RouteInput routeInput(JsonObject json) {
        Long failoverAfter = JsonBody.optionalLong(json, "failover_after");
        JsonArray tiers = JsonBody.optionalArray(json, "tiers");
        List<List<MemberInput>> tierInputs = null;
        if (tiers != null) {
            tierInputs = new ArrayList<>();
            for (int t = 0; t < tiers.size(); t++) {
                if (tiers.get(t).getValueType() != JsonValue.ValueType.ARRAY) {
                    throw ApiException.badRequest("tiers[" + t + "] must be an array of members");
                }
                JsonArray tier = tiers.get(t).asJsonArray();
                List<MemberInput> members = new ArrayList<>();
                for (int m = 0; m < tier.size(); m++) {
                    String field = "tiers[" + t + "][" + m + "]";
                    if (tier.get(m).getValueType() != JsonValue.ValueType.OBJECT) {
                        throw ApiException.badRequest(field + " must be an object {destination, weight, role}");
                    }
                    JsonObject member = tier.get(m).asJsonObject();
                    Long weight = JsonBody.optionalLong(member, "weight");
                    members.add(new MemberInput(JsonBody.optionalString(member, "destination"),
                            weight == null ? null : clamp(weight),
                            JsonBody.optionalString(member, "role")));
                }
                tierInputs.add(members);
            }
        }
        return new RouteInput(JsonBody.optionalString(json, "event_pattern"), JsonBody.optionalString(json, "strategy"),
                JsonBody.optionalBoolean(json, "sticky"),
                failoverAfter == null ? null : clamp(failoverAfter),
                JsonBody.optionalBoolean(json, "enabled"), tierInputs);
    }

    /** A whole number as an int; one out of int's range stays out of every allowed range. */
    private static int clamp(long value) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private static long routeId(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("route_id must be a whole number, not " + ApiException.quote(text));
        }
    }

    private static Response created(Object view, String message) {
        return ApiResponse.of(Response.Status.CREATED, message, view);
    }

    private Operator operator() {
        return new Operator(security.getUserPrincipal().getName(), request.getRemoteAddr());
    }
}
